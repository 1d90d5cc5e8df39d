import Devp2p
import Kernel
import Primitives
import Testing
import TestKit

/// Bad Hellos, peers stalling mid-frame, connection floods.
@Suite(.serialized) struct HostileConnectionTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory()])

    func victim(_ devp2p: String) async throws -> (Kernel, UInt16) {
        let node = try harness.kernel("victim", registry: harness.registry())
        try await node.start(harness.profile("victim", "plugins: { devp2p: { host: 127.0.0.1, port: 0\(devp2p) } }"))
        return (node, try #require(await node.status().network.listenPorts["devp2p"]))
    }

    @Test(arguments: [[UInt8](repeating: 0, count: 10), PrivateKey.generate().publicKey.raw64])
    func aHelloWithABadNodeIDIsRefused(nodeID: [UInt8]) async throws {
        defer { harness.cleanUp() }
        let (node, port) = try await victim("")
        let penalties = EventLog(node.events, PeerPenalized.self)
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await attacker.handshake(capabilities: [], helloNodeID: nodeID, readHello: false)
        #expect(await attacker.waitClosed(within: .seconds(5)))
        #expect(await penalties.next(timeout: .seconds(5))?.peer == attacker.identity)
        #expect(await node.network.status().peers.isEmpty)
        await node.stop()
    }

    @Test func aPeerStallingMidFrameIsDisconnected() async throws {
        defer { harness.cleanUp() }
        let (node, port) = try await victim(", ping-interval-seconds: 0.2, idle-timeout-seconds: 0.5")
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await attacker.handshake(capabilities: [])
        let frame = try attacker.seal(code: 0x02, payload: Snappy.compress([0xc0]))
        try await attacker.send(Array(frame.prefix(20)))   // half a header, then silence
        #expect(await attacker.waitClosed(within: .seconds(5)))
        await node.stop()
    }

    @Test func aConnectionFloodIsCappedAndHonestPeersStillGetIn() async throws {
        defer { harness.cleanUp() }
        let (node, port) = try await victim(", max-pending-handshakes: 4, handshake-timeout-seconds: 3")
        var flood: [RawPeer] = []
        for _ in 0..<20 { flood.append(try await RawPeer.connect(port: port)) }
        // Beyond the cap, each newcomer displaces the oldest silent handshake (closed at once, well before
        // the 3 s handshake timeout ends the last four).
        let peers = flood
        try await eventually("the 16 connections beyond the cap are closed", timeout: .seconds(2)) {
            peers.filter { !$0.channel.isActive }.count >= 16
        }
        for peer in flood { #expect(await peer.waitClosed(within: .seconds(8))) }
        let honest = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await honest.handshake(capabilities: [])
        try await eventually("the honest peer is admitted") { await node.network.status().peers.count == 1 }
        await node.stop()
    }
}
