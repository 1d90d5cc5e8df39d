import Foundation
import Logging
import Testing
import WSClient

/// The `api` plugin's WebSocket endpoint `/ws` of real `parley node`s (issue #17 item 1): JSON-RPC
/// calls over the socket, `parley_subscribe` to peers and Waku messages with live notifications,
/// the subscription limit, and oversized frames.
@Suite(.serialized) struct ApiWebSocketTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ws-\(UUID().uuidString.prefix(8))").path

    func start(_ profile: String, _ name: String) async throws -> (Process, ApiHTTP) {
        let logs = directory + "/" + name
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let node = try ParleyProcess.start(["node", "--profile", profile, "--data-dir", logs + "/data"], logDirectory: logs)
        return (node, ApiHTTP(base: try await ApiHTTP.endpoint(dataDir: logs + "/data", node: node)))
    }

    /// Text frames received on a socket, in order.
    actor Received {
        var texts: [String] = []
        func add(_ text: String) { texts.append(text) }
    }

    func waitFor(_ what: String, _ received: Received, _ match: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(45)
        while ContinuousClock.now < deadline {
            for text in await received.texts {
                if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], match(object) { return object }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what): \(await received.texts)")
        throw ApiTestFailure.timedOut(what)
    }

    @Test func subscriptionsDeliverPeersAndMessagesLive() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profile = directory + "/waku.yaml"
        try """
            name: ws-waku
            plugins:
              devp2p: { host: 127.0.0.1, port: 0 }
              waku: {}
              send: {}
              receive: { advertise-interest: true }
              api: { port: 0 }
            """.write(toFile: profile, atomically: true, encoding: .utf8)
        let (a, apiA) = try await start(profile, "a")
        defer { if a.isRunning { a.terminate() } }
        let (b, apiB) = try await start(profile, "b")
        defer { if b.isRunning { b.terminate() } }
        let enode = try #require((try await apiA.call("admin_nodeInfo")["result"] as? [String: Any])?["enode"] as? String)
        let url = apiB.base.replacingOccurrences(of: "http://", with: "ws://") + "/ws"
        let received = Received()
        let topic = "0x55667788"

        try await WebSocketClient.connect(url: url, logger: Logger(label: "ws-test")) { inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.read(inbound, into: received) }
                try await exercise(outbound, received: received, apiA: apiA, apiB: apiB, enode: enode, topic: topic)
                try await outbound.close(.normalClosure, reason: nil)
                try await group.waitForAll()
            }
        }

        // A frame above the limit ends the connection instead of being buffered.
        let closed = try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 4 << 20),
                                                       logger: Logger(label: "ws-flood")) { inbound, outbound, _ in
            try await outbound.write(.text(String(repeating: "x", count: 2 << 20)))
            for try await _ in inbound {}
        }
        #expect(closed != nil && closed?.closeCode != .normalClosure, "\(String(describing: closed))")
        #expect(try await apiB.call("web3_clientVersion")["result"] is String, "the node still serves after a flood")

        a.terminate()
        b.terminate()
        try await ParleyProcess.waitForExit(a)
        try await ParleyProcess.waitForExit(b)
    }

    static func read(_ inbound: WebSocketInboundStream, into received: Received) async throws {
        for try await message in inbound.messages(maxSize: 1 << 20) {
            guard case .text(let text) = message else { continue }
            await received.add(text)
        }
    }

    func exercise(_ outbound: WebSocketOutboundWriter, received: Received, apiA: ApiHTTP, apiB: ApiHTTP, enode: String, topic: String) async throws {
        try await outbound.write(.text(#"{"jsonrpc":"2.0","id":1,"method":"parley_subscribe","params":["peers"]}"#))
        try await outbound.write(.text(#"{"jsonrpc":"2.0","id":2,"method":"parley_subscribe","params":["messages",{"topics":["\#(topic)"],"password":"ws"}]}"#))
        try await outbound.write(.text(#"{"jsonrpc":"2.0","id":3,"method":"web3_clientVersion"}"#))
        try await outbound.write(.text("not json"))
        try await outbound.write(.text(#"{"jsonrpc":"2.0","id":4,"method":"parley_subscribe","params":["bogus"]}"#))
        let peersSub = try await waitFor("peers subscription id", received) { $0["id"] as? Int == 1 }["result"] as? String
        let messagesSub = try await waitFor("messages subscription id", received) { $0["id"] as? Int == 2 }["result"] as? String
        #expect(peersSub != nil && messagesSub != nil)
        #expect((try await waitFor("a call over the socket", received) { $0["id"] as? Int == 3 })["result"] as? String != nil)
        #expect(ApiHTTP.errorCode(try await waitFor("parse error", received) { ApiHTTP.errorCode($0) == -32700 }) == -32700)
        #expect(ApiHTTP.errorCode(try await waitFor("bad kind", received) { $0["id"] as? Int == 4 }) == -32602)

        // B connects to A: the peers subscription sees it.
        #expect(try await apiB.call("admin_addPeer", [enode])["result"] as? Bool == true)
        let connected = try await waitFor("peer connected notification", received) { object in
            let params = object["params"] as? [String: Any]
            return params?["subscription"] as? String == peersSub && (params?["result"] as? [String: Any])?["event"] as? String == "connected"
        }
        #expect(connected["method"] as? String == "parley_subscription")

        // A posts; B's messages subscription delivers it without polling.
        let deadline = ContinuousClock.now + .seconds(45)
        while ContinuousClock.now < deadline {
            if try await apiA.call("waku_post", [["topic": topic, "password": "ws", "text": "over the socket"]])["result"] is String { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let delivered = try await waitFor("message notification", received) { object in
            let params = object["params"] as? [String: Any]
            return params?["subscription"] as? String == messagesSub && "\(params?["result"] ?? "")".contains("over the socket")
        }
        #expect(delivered["method"] as? String == "parley_subscription")

        // At most 16 subscriptions per connection.
        for id in 10..<25 {
            try await outbound.write(.text(#"{"jsonrpc":"2.0","id":\#(id),"method":"parley_subscribe","params":["peers"]}"#))
        }
        let refused = try await waitFor("the 17th subscription is refused", received) { ($0["id"] as? Int).map { $0 >= 10 } == true && ApiHTTP.errorCode($0) != nil }
        #expect(refused["id"] as? Int == 24, "\(refused)")
        try await outbound.write(.text(#"{"jsonrpc":"2.0","id":30,"method":"parley_unsubscribe","params":["\#(peersSub ?? "")"]}"#))
        #expect((try await waitFor("unsubscribe", received) { $0["id"] as? Int == 30 })["result"] as? Bool == true)

    }
}
