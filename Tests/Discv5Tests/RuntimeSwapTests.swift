import Discv5
import Foundation
import Kernel
import MemoryTransport
import Primitives
import StaticPeers
import Testing
import TestKit

/// Swapping discovery at runtime: static-peers → discv5 → static-peers with the kernel's apply keeps the
/// existing connection; discv5's traffic shows per source in the status; a role change bumps the ENR seq.
@Suite struct RuntimeSwapTests {
    let harness = NodeHarness()

    func registry() -> PluginRegistry {
        harness.registry(including: [StaticPeersPlugin.factory(), Discv5Plugin.factory()])
    }

    @Test func staticPeersToDiscv5AndBackKeepsConnections() async throws {
        defer { harness.cleanUp() }
        let boot = try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock())
        let bootENR = await boot.localRecord.text
        let nodeB = try harness.kernel("b", registry: registry())
        try await nodeB.start(harness.profile("b", "plugins:\n  memory: { name: b }\n"))
        let nodeA = try harness.kernel("a", registry: registry())
        let connected = EventLog(nodeA.events, PeerConnected.self)
        let disconnected = EventLog(nodeA.events, PeerDisconnected.self)
        let staticProfile = try harness.profile("static", """
            name: static
            plugins:
              memory: { name: a }
              static-peers: { peers: ["memory://b"] }
            """)
        let discv5Profile = try harness.profile("discv5", """
            name: discv5
            plugins:
              memory: { name: a }
              discv5: { host: 127.0.0.1, port: 0, bootnodes: ["\(bootENR)"], role: light }
            """)
        try await nodeA.start(staticProfile)
        let first = try #require(await connected.next())
        #expect(first.peer == nodeB.identity.peerID)

        let toDiscv5 = try await nodeA.apply(discv5Profile)
        #expect(toDiscv5.started == ["discv5"])
        #expect(toDiscv5.stopped == ["static-peers"])
        #expect(await nodeA.runningPlugins.contains("discv5"))
        // The re-announce lookup reaches the bootnode (which then holds our record); bytes show per source.
        #expect(await eventually { await boot.tableCount == 1 })
        let status = await nodeA.status()
        #expect((status.network.sourceTraffic["discv5"]?.bytesOut ?? 0) > 0)
        #expect(status.network.peers.map(\.id).contains(nodeB.identity.peerID.hex))

        let back = try await nodeA.apply(staticProfile)
        #expect(back.started == ["static-peers"])
        #expect(back.stopped == ["discv5"])
        #expect(disconnected.pending == 0)
        #expect(connected.pending == 0)
        #expect(await nodeA.status().network.peers.count == 1)
        await nodeA.stop(); await nodeB.stop(); await boot.stop()
    }

    @Test func roleChangeBumpsTheRecordSeqAndReannounces() async throws {
        defer { harness.cleanUp() }
        let boot = try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock())
        let bootENR = await boot.localRecord.text
        let node = try harness.kernel("n", registry: registry())
        func profile(_ role: String) throws -> Profile {
            try harness.profile(role, """
                name: \(role)
                plugins:
                  memory: { name: n }
                  discv5: { host: 127.0.0.1, port: 0, bootnodes: ["\(bootENR)"], role: \(role), capabilities: [relay] }
                """)
        }
        try await node.start(try profile("light"))
        let id = node.identity.publicKey.nodeID
        #expect(await eventually { await boot.table.entry(id)?.record.seq == 1 })
        _ = try await node.apply(try profile("full"))
        // The restarted plugin continues the stored seq (+1 for the new content) and the bootnode gets the new record.
        #expect(await eventually { await boot.table.entry(id)?.record.seq == 2 })
        let entry = await boot.table.entry(id)
        #expect(entry.flatMap { WakuRecordEntry(record: $0.record) } == WakuRecordEntry(role: "full", capabilities: ["relay"]))
        await node.stop(); await boot.stop()
    }
}

/// Waits (bounded, 5 s) until `condition` holds — polling an event-driven state, not a timed assertion.
func eventually(_ condition: @Sendable () async -> Bool) async -> Bool {
    for _ in 0..<500 {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}
