import Devp2p
import Kernel
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
@testable import WakuProtocol

/// Two kernels speaking waku/1 over RLPx on loopback TCP.
@Suite(.serialized) struct Devp2pLoopbackTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory()])

    func node(_ name: String, _ yaml: String, peers: WakuPeers) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [WakuPlugin.factory(peers: peers)]))
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    @Test func statusAndAnEnvelopeOverRLPx() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers()
        let topic = Topic(0x5a5a_0102)
        let b = try await node("b", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, waku: { light-node: true, topic-interest: [\"0x5a5a0102\"] } }",
                               peers: peersB)
        let port = try #require(await b.status().network.listenPorts["devp2p"])
        let a = try await node("a", """
            plugins:
              devp2p: { host: 127.0.0.1, port: 0 }
              waku: { confirmations: true }
              static-peers: { peers: ["\(b.identity.enode(host: "127.0.0.1", port: port))"] }
            """, peers: peersA)
        try await recording(peersB) { recorder in
            let toB = try await session(peersA, with: b.identity.peerID)
            let toA = try await session(peersB, with: a.identity.peerID)
            #expect(await toB.remote.lightNode)
            #expect(await toB.remote.interest == .topics([topic]))
            #expect(await toA.remote.confirmationsEnabled)
            let (envelope, key) = try sealedEnvelope("hello over RLPx", topic: topic)
            for peer in await peersA.peers(interestedIn: envelope) { try await peer.send(envelopes: [envelope]) }
            try await eventually("B receives the envelope over RLPx") { await !recorder.envelopes.isEmpty }
            let (received, origin) = try #require(await recorder.envelopes.first)
            #expect(received == envelope)
            #expect(origin == .relay(peer: a.identity.peerID.bytes))
            #expect(try Message.open(received.data, with: [.symmetric(key)]).payload == Array("hello over RLPx".utf8))
        }
        #expect(await a.status().network.peers.first?.protocols == ["waku/1"])
        await a.stop()
        await b.stop()
    }
}
