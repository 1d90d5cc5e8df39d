import Kernel
import MemoryTransport
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
@testable import WakuProtocol

/// The `send` plugin: A posts through its `WakuSender`, B (plain `waku`) receives the sealed envelope.
@Suite(.serialized) struct SendTests {
    let harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory()])
    let topic = Topic(0x0505_0505)

    @Test(.timeLimit(.minutes(1))) func aPostIsSealedWithTheConfiguredTTLAndPoWAndSent() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers()
        let handoff = ServiceHandoff<WakuSender>()
        let b = try harness.kernel("tb", registry: harness.registry(including: [WakuPlugin.factory(peers: peersB)]))
        try await b.start(harness.profile("tb", "plugins:\n  memory: { name: tb }\n  waku: {}\n"))
        let a = try harness.kernel("ta", registry: harness.registry(including: [WakuPlugin.factory(peers: peersA),
                                                                               SendPlugin.factory(handoff: handoff)]))
        try await a.start(harness.profile("ta", """
            plugins:
              memory: { name: ta }
              waku: {}
              send: { ttl: 30, pow: 0.01 }
              static-peers: { peers: ["memory://tb"] }
            """))
        let local = RecordingSink()
        await peersA.addSink(local)
        try await recording(peersB) { atB in
            _ = try await session(peersA, with: b.identity.peerID)
            _ = try await session(peersB, with: a.identity.peerID)
            let sender = try #require(await handoff.value)
            let key = try SymKey(password: "send-tests")
            let hash = try await sender.post(OutgoingMessage(topic: topic, payload: Array("sealed".utf8), encryption: .symmetric(key),
                                                             signer: PrivateKey.generate()))
            try await eventually("B receives the envelope") { await !atB.envelopes.isEmpty }
            let (envelope, origin) = try #require(await atB.envelopes.first)
            #expect(envelope.hash == hash)
            #expect(envelope.ttl == 30)
            #expect(envelope.proofOfWork() >= 0.005)
            #expect(origin == .relay(peer: a.identity.peerID.bytes))
            #expect(try Message.open(envelope.data, with: [.symmetric(key)]).payload == Array("sealed".utf8))
            #expect(await local.accepted.map(\.1) == [.local])
        }
        await a.stop()
        await b.stop()
    }

    @Test(.timeLimit(.minutes(1))) func postingWithNoInterestedPeerIsATypedError() async throws {
        let sender = WakuSender(peers: WakuPeers(), sealing: SealingParameters(ttl: 10, powTarget: 0, workTime: .seconds(1)),
                                now: { unixNow() })
        let message = OutgoingMessage(topic: topic, payload: [1], encryption: .symmetric(try SymKey(password: "x")), signer: nil)
        await #expect(throws: SendError.self) { try await sender.post(message) }
    }

    @Test func sendConfigRejectsZeroTTL() async throws {
        defer { harness.cleanUp() }
        let kernel = try harness.kernel("bad-send", registry: harness.registry(including: [WakuPlugin.factory(), SendPlugin.factory()]))
        await #expect { try await kernel.start(harness.profile("bad-send", "plugins: { memory: , waku: {}, send: { ttl: 0 } }")) }
            throws: { "\($0)".contains("plugins.send.ttl: expected 1…2592000 seconds, got 0") }
    }
}
