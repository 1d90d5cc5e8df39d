import Foundation
import Testing

/// The `api` plugin of a real `parley node`, over real HTTP on loopback (issue #17 items 1 and 2):
/// JSON-RPC 2.0 with malformed input, bearer-token auth, the OpenRPC document, and `/metrics`
/// counters moving while two nodes exchange a message.
@Suite(.serialized) struct ApiProcessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID().uuidString.prefix(8))").path
    static let token = "0123456789abcdef-test-token"

    func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func start(_ profile: String, _ name: String, token: String? = nil) async throws -> (Process, ApiHTTP) {
        let logs = directory + "/" + name
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let node = try ParleyProcess.start(["node", "--profile", profile, "--data-dir", logs + "/data"], logDirectory: logs)
        do {
            return (node, ApiHTTP(base: try await ApiHTTP.endpoint(dataDir: logs + "/data", node: node), token: token))
        } catch {
            node.terminate()
            let log = (try? String(contentsOfFile: logs + "/stderr.log", encoding: .utf8)) ?? ""
            Issue.record("node \(name) did not serve the API: \(log)")
            throw error
        }
    }

    func stop(_ node: Process) async throws {
        node.terminate()
        try await ParleyProcess.waitForExit(node)
        #expect(node.terminationStatus == 0)
    }

    @Test func jsonRPCAnswersAndRefusesMalformedInput() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profile = try write("solo.yaml", """
            name: api-solo
            plugins:
              memory: { name: api-solo-\(UUID().uuidString.prefix(6)) }
              api: { port: 0, token: \(Self.token), max-batch: 10, max-body-bytes: 65536, idle-timeout-seconds: 1 }
            """)
        let (node, api) = try await start(profile, "solo", token: Self.token)
        #expect(api.base.hasPrefix("http://127.0.0.1:"))

        // Auth: no token or a wrong one is 401; the right one works.
        #expect(try await api.request("GET", "/health", token: "").status == 401)
        #expect(try await api.request("GET", "/health", token: Self.token + "x").status == 401)
        #expect(try await api.request("GET", "/health").status == 200)

        let version = try await api.call("web3_clientVersion")
        #expect((version["result"] as? String)?.hasPrefix("parley/0.") == true, "\(version)")
        #expect(version["id"] as? Int == 1)

        // Parse error, invalid requests, unknown method, wrong parameter types.
        let garbage = try await api.post("this is not json").json as? [String: Any] ?? [:]
        #expect(ApiHTTP.errorCode(garbage) == -32700, "\(garbage)")
        #expect(garbage["id"] is NSNull)
        #expect(ApiHTTP.errorCode(try await api.post("[]").json as? [String: Any] ?? [:]) == -32600)
        #expect(ApiHTTP.errorCode(try await api.post(#"{"jsonrpc":"1.0","method":"waku_info","id":2}"#).json as? [String: Any] ?? [:]) == -32600)
        #expect(ApiHTTP.errorCode(try await api.post(#"{"jsonrpc":"2.0","method":7,"id":2}"#).json as? [String: Any] ?? [:]) == -32600)
        #expect(ApiHTTP.errorCode(try await api.post("42").json as? [String: Any] ?? [:]) == -32600)
        #expect(ApiHTTP.errorCode(try await api.call("waku_nonsense")) == -32601)
        #expect(ApiHTTP.errorCode(try await api.call("admin_addPeer", [42])) == -32602)
        #expect(ApiHTTP.errorCode(try await api.call("admin_addPeer", ["not an address"])) == -32602)
        #expect(ApiHTTP.errorCode(try await api.call("admin_addPeer", [])) == -32602)
        #expect(ApiHTTP.errorCode(try await api.call("waku_post", [["topic": 5, "text": "x"]])) == -32602)
        #expect(ApiHTTP.errorCode(try await api.call("waku_post", [["topic": "0x12345678", "text": "x", "ttl": -1]])) == -32602)
        #expect(ApiHTTP.errorCode(try await api.post(#"{"jsonrpc":"2.0","method":"waku_info","params":"x","id":3}"#).json as? [String: Any] ?? [:]) == -32602)
        // A method whose plugin is not in the profile: a server error naming the plugin.
        let noSend = try await api.call("waku_post", [["topic": "0x12345678", "text": "x", "password": "p"]])
        #expect(ApiHTTP.errorCode(noSend) == -32000)
        #expect(((noSend["error"] as? [String: Any])?["message"] as? String)?.contains("send") == true, "\(noSend)")

        // Batch: answers in order, none for the notification; all notifications → 204; too big → -32600.
        let batch = try await api.post("""
            [{"jsonrpc":"2.0","method":"web3_clientVersion","id":"a"},
             {"jsonrpc":"2.0","method":"web3_clientVersion"},
             {"jsonrpc":"2.0","method":"nope","id":"b"},
             17]
            """).json as? [[String: Any]] ?? []
        #expect(batch.count == 3, "\(batch)")
        #expect(batch.first?["id"] as? String == "a" && batch.first?["result"] is String)
        #expect(batch.count > 1 && ApiHTTP.errorCode(batch[1]) == -32601 && batch[1]["id"] as? String == "b")
        #expect(batch.count > 2 && ApiHTTP.errorCode(batch[2]) == -32600)
        #expect(try await api.post(#"[{"jsonrpc":"2.0","method":"web3_clientVersion"}]"#).status == 204)
        let eleven = "[" + Array(repeating: #"{"jsonrpc":"2.0","method":"web3_clientVersion","id":1}"#, count: 11).joined(separator: ",") + "]"
        #expect(ApiHTTP.errorCode(try await api.post(eleven).json as? [String: Any] ?? [:]) == -32600)

        // A body over max-body-bytes: 413 with a JSON-RPC error, and the server keeps serving.
        let huge = try await api.request("POST", "/", body: Data(repeating: UInt8(ascii: " "), count: 200_000))
        #expect(huge.status == 413)
        #expect(ApiHTTP.errorCode(huge.json as? [String: Any] ?? [:]) == -32600)
        #expect(try await api.call("web3_clientVersion")["result"] is String)

        // A client that stalls mid-request is disconnected after the idle timeout (1 s here), not kept forever.
        let port = try #require(UInt16(api.base.split(separator: ":").last ?? ""))
        let stalled = RawTCP.secondsUntilClosed(port: port, sending: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{", limit: 20)
        #expect(stalled != nil, "a stalled client was still connected after 20 s")
        #expect(try await api.call("web3_clientVersion")["result"] is String)

        // Peers at runtime through the API.
        #expect(try await api.call("admin_addPeer", ["memory://somebody"])["result"] as? Bool == true)
        #expect(try await api.call("admin_removePeer", ["memory://somebody"])["result"] as? Bool == true)
        #expect(try await api.call("admin_removePeer", ["memory://somebody"])["result"] as? Bool == false)
        #expect((try await api.call("admin_peers")["result"] as? [Any])?.isEmpty == true)
        let info = try await api.call("admin_nodeInfo")["result"] as? [String: Any] ?? [:]
        #expect((info["listenAddresses"] as? [String])?.first?.hasPrefix("memory://api-solo-") == true, "\(info)")

        try await stop(node)
    }

    @Test func servedMethodsMatchTheShippedOpenRPCDocument() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profile = try write("doc.yaml", """
            name: api-doc
            plugins:
              memory: { name: api-doc-\(UUID().uuidString.prefix(6)) }
              api: { port: 0 }
            """)
        let (node, api) = try await start(profile, "doc")
        let shippedData = try Data(contentsOf: ParleyProcess.repositoryRoot.appendingPathComponent("docs/api/openrpc.json"))
        let shipped = try #require(try JSONSerialization.jsonObject(with: shippedData) as? NSDictionary)
        let served = try #require(try await api.call("rpc.discover")["result"] as? NSDictionary)
        #expect(served == shipped, "docs/api/openrpc.json is stale: save GET /openrpc.json of a running node over it")
        #expect(try await api.request("GET", "/openrpc.json").json as? NSDictionary == shipped)

        // Every documented method exists (whatever its params, it is never "method not found").
        let names = (shipped["methods"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("waku_post") && names.contains("admin_addPeer") && names.contains("rpc.discover"))
        for name in names {
            #expect(ApiHTTP.errorCode(try await api.call(name, [Any]())) != -32601, "\(name)")
        }
        try await stop(node)
    }

    @Test func aNonLoopbackBindWithoutATokenIsRefused() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let open = try write("open.yaml", "name: open\nplugins:\n  memory: { name: x }\n  api: { host: 0.0.0.0, port: 0 }\n")
        let check = try await ParleyProcess.run(["profile", "check", open])
        #expect(check.status != 0)
        #expect((check.stdout + check.stderr).contains("not a loopback address"), "\(check.stdout) \(check.stderr)")
        let node = try await ParleyProcess.run(["node", "--profile", open, "--data-dir", directory + "/d"])
        #expect(node.status != 0)
        #expect(node.stderr.contains("api.token"), "\(node.stderr)")
    }

    @Test func metricsCountersMoveWhileTwoNodesExchangeAMessage() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profile = try write("waku.yaml", """
            name: api-waku
            plugins:
              devp2p: { host: 127.0.0.1, port: 0 }
              static-peers: { peers: [] }
              waku: {}
              relay: {}
              send: {}
              receive: { advertise-interest: true }
              api: { port: 0 }
            """)
        let (a, apiA) = try await start(profile, "a")
        defer { if a.isRunning { a.terminate() } }
        let (b, apiB) = try await start(profile, "b")
        defer { if b.isRunning { b.terminate() } }

        let before = try await apiB.request("GET", "/metrics")
        #expect(before.status == 200)
        #expect(before.text.contains("# TYPE parley_waku_envelopes_received_total counter"), "\(before.text)")
        #expect(ApiHTTP.metric(before.text, "parley_waku_envelopes_received_total") == 0)
        #expect(ApiHTTP.metric(before.text, #"parley_build_info{version="0.1.0"}"#) == 1, "\(before.text)")

        let enode = try #require((try await apiA.call("admin_nodeInfo")["result"] as? [String: Any])?["enode"] as? String)
        #expect(enode.hasPrefix("enode://"))
        #expect(try await apiB.call("admin_addPeer", [enode])["result"] as? Bool == true)
        try await eventually("B connects to A") { (try await apiB.call("admin_peers")["result"] as? [Any])?.count == 1 }

        let topic = "0x11223344"
        let filter = try #require(try await apiB.call("waku_newMessageFilter", [["topics": [topic], "password": "metrics"]])["result"] as? String)
        // A learns B's interest from B's status update; post until A has an interested peer.
        try await eventually("A posts to an interested peer") {
            try await apiA.call("waku_post", [["topic": topic, "password": "metrics", "payload": "0x" + "hello metrics".utf8.map { String(format: "%02x", $0) }.joined()]])["result"] is String
        }
        try await eventually("B's filter has the message") {
            let messages = try await apiB.call("waku_getFilterMessages", [filter])["result"] as? [[String: Any]] ?? []
            return messages.contains { ($0["payload"] as? String ?? $0["text"] as? String)?.contains("hello metrics") == true || "\($0)".contains("hello metrics") }
        }

        let after = try await apiB.request("GET", "/metrics").text
        #expect((ApiHTTP.metric(after, "parley_waku_envelopes_received_total") ?? 0) >= 1, "\(after)")
        #expect(ApiHTTP.metric(after, #"parley_peers{direction="outbound",transport="devp2p"}"#) == 1, "\(after)")
        #expect((ApiHTTP.metric(after, #"parley_protocol_bytes_total{direction="in",protocol="waku/1"}"#) ?? 0) > 0, "\(after)")
        #expect((ApiHTTP.metric(after, #"parley_peer_connections_total{transport="devp2p",direction="outbound"}"#) ?? 0) >= 1, "\(after)")
        #expect((ApiHTTP.metric(after, #"parley_api_requests_total{method="waku_newMessageFilter",outcome="ok"}"#) ?? 0) >= 1, "\(after)")
        #expect((ApiHTTP.metric(after, "parley_profile_apply_duration_seconds_count") ?? 0) >= 1, "\(after)")
        let sentByA = try await apiA.request("GET", "/metrics").text
        #expect((ApiHTTP.metric(sentByA, #"parley_protocol_bytes_total{direction="out",protocol="waku/1"}"#) ?? 0) > 0, "\(sentByA)")

        // Counters never go back between scrapes.
        let again = try await apiB.request("GET", "/metrics").text
        #expect((ApiHTTP.metric(again, "parley_waku_envelopes_received_total") ?? 0) >= (ApiHTTP.metric(after, "parley_waku_envelopes_received_total") ?? 0))

        try await stop(a)
        try await stop(b)
    }

    func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(45)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out: \(what)")
        throw ApiTestFailure.timedOut(what)
    }
}
