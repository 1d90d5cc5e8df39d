import Discv5
import Foundation
import Kernel
import NIOCore
import NIOPosix
import Primitives
import Testing

/// Two or more discv5 services on real loopback UDP sockets with real crypto.
@Suite struct SessionLoopbackTests {
    /// Requests wait 3 s here, not the 500 ms default: the suite runs beside hundreds of other tests on
    /// two cores, and a debug-build handshake can take longer than 500 ms there. (Timeouts have their own tests.)
    static var patient: Discv5ServiceConfig {
        var config = Discv5ServiceConfig()
        config.requestTimeout = .seconds(3)
        return config
    }

    static func node(_ config: Discv5ServiceConfig = patient) async throws -> Discv5Service {
        try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock(), config: config)
    }

    @Test func pingHandshakeThenSessionReuse() async throws {
        let a = try await Self.node(), b = try await Self.node()
        let bRecord = await b.localRecord
        let pong = try await a.ping(bRecord)
        #expect(pong.enrSeq == 1)
        #expect(pong.ip == [127, 0, 0, 1])
        #expect(Int(pong.port) == Int((await a.localRecord).udp ?? 0))
        // B learnt A's record from the handshake; the second ping reuses the session (no new handshake).
        #expect(await b.tableCount == 1)
        let before = a.traffic.snapshot.packetsOut
        _ = try await a.ping(bRecord)
        #expect(a.traffic.snapshot.packetsOut == before + 1)
        // And B can now talk to A over the same session.
        let aRecord = await a.localRecord
        #expect(try await b.ping(aRecord).enrSeq == 1)
        for reason in DropReason.allCases { #expect(a.drops[reason] == 0 && b.drops[reason] == 0, "\(reason)") }
        await a.stop(); await b.stop()
    }

    @Test func findNodeAndTalk() async throws {
        let nodes = try await withThrowingTaskGroup(of: Discv5Service.self) { group in
            for _ in 0..<6 { group.addTask { try await Self.node() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let hub = nodes[0]
        let hubRecord = await hub.localRecord
        for node in nodes.dropFirst() { _ = try await node.ping(hubRecord) }
        #expect(await hub.tableCount == 5)
        let asker = nodes[1]
        var found: [NodeRecord] = []
        for d in 250...256 { found += try await asker.findNode(hubRecord, distances: [UInt16(d)]) }
        // Distance 0 is the hub's own record.
        #expect(try await asker.findNode(hubRecord, distances: [0]).map(\.nodeID) == [hubRecord.nodeID])
        #expect(found.count >= 3)

        await hub.registerTalkHandler("echo") { request, _ in request.reversed() }
        #expect(try await asker.talk(hubRecord, protocolName: "echo", request: [1, 2, 3]) == [3, 2, 1])
        #expect(try await asker.talk(hubRecord, protocolName: "nobody", request: [1]) == [])
        for node in nodes { await node.stop() }
    }

    @Test func wakuProtocolIDNodesCannotTalkToDiscv5Nodes() async throws {
        var waku = Self.patient
        waku.protocolID = .waku
        waku.retries = 0
        let a = try await Self.node(waku), b = try await Self.node(), c = try await Self.node(waku)
        await #expect(throws: Discv5RequestError.timeout) { _ = try await a.ping(await b.localRecord) }
        #expect(b.drops[.malformedPacket] >= 1)
        #expect(try await a.ping(await c.localRecord).enrSeq == 1)
        await a.stop(); await b.stop(); await c.stop()
    }

    @Test func timeoutWithRetriesAgainstASilentPort() async throws {
        var config = Discv5ServiceConfig()
        config.requestTimeout = .milliseconds(100)
        config.retries = 2
        let a = try await Self.node(config)
        let silent = try await UDPSocket.bind(host: "127.0.0.1", port: 0)
        let record = try NodeRecord.build(seq: 1, ip: [127, 0, 0, 1], udp: UInt16(silent.localAddress!.port!), signingWith: PrivateKey.generate())
        await #expect(throws: Discv5RequestError.timeout) { _ = try await a.ping(record) }
        #expect(a.traffic.snapshot.packetsOut == 3)
        await silent.close(); await a.stop()
    }
}
