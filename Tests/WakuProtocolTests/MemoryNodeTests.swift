import Kernel
import MemoryTransport
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
@testable import WakuProtocol

/// Two kernels over the memory transport speaking waku/1.
@Suite(.serialized) struct MemoryNodeTests {
    let harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory()])
    let topic = Topic(0x1122_3344)

    func node(_ name: String, _ waku: String, dial: String? = nil, peers: WakuPeers) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [WakuPlugin.factory(peers: peers)]))
        var yaml = "plugins:\n  memory: { name: \(name) }\n  waku: \(waku)\n"
        if let dial { yaml += "  static-peers: { peers: [\"memory://\(dial)\"] }\n" }
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    @Test func statusIsExchangedAndAnEnvelopeArrives() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers()
        let b = try await node("b", "{ light-node: true, topic-interest: [\"0x11223344\"] }", peers: peersB)
        let a = try await node("a", "{ minimum-pow: 0.0001 }", dial: "b", peers: peersA)
        let sink = RecordingSink()
        await peersB.addSink(sink)
        try await recording(peersB) { recorder in
            let toB = try await session(peersA, with: b.identity.peerID)
            let toA = try await session(peersB, with: a.identity.peerID)
            let seenByA = await toB.remote
            #expect(seenByA.lightNode)
            #expect(seenByA.interest == .topics([topic]))
            #expect(await toA.remote.powRequirement == 0.0001)
            #expect(await toA.remote.interest == .everything)

            let (envelope, key) = try sealedEnvelope("hello over memory", topic: topic)
            #expect(await peersA.peers(interestedIn: envelope).count == 1)
            let other = Envelope(expiry: envelope.expiry, ttl: envelope.ttl, topic: Topic(9), data: envelope.data)
            #expect(await peersA.peers(interestedIn: other).isEmpty)
            try await toB.send(envelopes: [envelope])
            try await eventually("B receives the envelope") { await !recorder.envelopes.isEmpty }
            let (received, origin) = try #require(await recorder.envelopes.first)
            #expect(received == envelope)
            #expect(origin == .relay(peer: a.identity.peerID.bytes))
            #expect(try Message.open(received.data, with: [.symmetric(key)]).payload == Array("hello over memory".utf8))
            #expect(await peersB.penalties(for: a.identity.peerID).isEmpty)
            #expect(await sink.accepted.map(\.0) == [envelope])
        }
        await a.stop()
        await b.stop()
    }

    @Test func expiredAndLowPoWEnvelopesGetAMessageResponseAndAPenalty() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers()
        let b = try await node("b", "{ minimum-pow: 50 }", peers: peersB)
        let a = try await node("a", "{}", dial: "b", peers: peersA)
        try await recording(peersA) { recorder in
            let toB = try await session(peersA, with: b.identity.peerID)
            _ = try await session(peersB, with: a.identity.peerID)
            let now = unixNow()
            let expired = Envelope(expiry: now - 100, ttl: 10, topic: topic, data: [1, 2, 3])
            let (lowPoW, _) = try sealedEnvelope("cheap", topic: topic, pow: 0.000001)
            try await toB.send(envelopes: [expired, lowPoW])
            try await eventually("A gets a MessageResponse") { await !recorder.responses.isEmpty }
            let response = try #require(await recorder.responses.first)
            #expect(response.batchHash == MessageResponse.batchHash(ofPayload: MessagesPacket.encode([expired, lowPoW])))
            #expect(response.errors.map(\.hash) == [expired.hash, lowPoW.hash])
            #expect(response.errors.map(\.code) == [21, 22])
            #expect(response.errors[1].description.contains("low PoW"))
            let penalties = await peersB.penalties(for: a.identity.peerID)
            #expect(penalties.count == 2)
        }
        await a.stop()
        await b.stop()
    }

    @Test func statusUpdateChangesTheAdvertisedInterest() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers()
        let b = try await node("b", "{}", peers: peersB)
        let a = try await node("a", "{}", dial: "b", peers: peersA)
        let toB = try await session(peersA, with: b.identity.peerID)
        _ = try await session(peersB, with: a.identity.peerID)
        #expect(await toB.remote.interest == .everything)
        #expect(await peersB.broadcastStatusUpdate(StatusOptions(lightNode: true, topicInterest: [Topic(7)])) == 1)
        let advertised = await peersB.advertised
        #expect(advertised.topicInterest == [Topic(7)] && advertised.bloomFilter == nil)
        try await eventually("A sees B's new interest") { await toB.remote.interest == .topics([Topic(7)]) }
        #expect(await toB.remote.lightNode)
        #expect(await toB.remote.powRequirement == WakuConstants.nodeMinimumPoW)
        await peersB.broadcastStatusUpdate(StatusOptions(bloomFilter: Bloom(topic: Topic(8))))
        try await eventually("A sees B's bloom") { await toB.remote.interest == .bloom(Bloom(topic: Topic(8))) }
        await a.stop()
        await b.stop()
    }

    @Test func configMistakesAreClearErrors() async throws {
        defer { harness.cleanUp() }
        let kernel = try harness.kernel("bad", registry: harness.registry(including: [WakuPlugin.factory()]))
        await #expect { try await kernel.start(harness.profile("bad", "plugins: { memory: , waku: { topic-interest: [\"0x12\"] } }")) }
            throws: { "\($0)".contains("4-byte hex topic") }
    }
}
