import Kernel
import MemoryTransport
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
@testable import WakuProtocol

/// Three kernels A – B – C over the memory transport; B runs the `relay` plugin.
@Suite(.serialized) struct RelayTests {
    let stats: RelayStats
    let harness: NodeHarness

    init() {
        stats = RelayStats()
        harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory(), RelayPlugin.factory(stats: stats)])
    }
    let topic = Topic(0x0102_0304)

    func node(_ name: String, _ extra: String = "", dial: String? = nil, peers: WakuPeers) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [WakuPlugin.factory(peers: peers)]))
        var yaml = "plugins:\n  memory: { name: \(name) }\n  waku: {}\n" + extra
        if let dial { yaml += "  static-peers: { peers: [\"memory://\(dial)\"] }\n" }
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    @Test(.timeLimit(.minutes(1))) func anEnvelopeCrossesTheRelayOnceAndDuplicatesStop() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers(), peersC = WakuPeers()
        let b = try await node("rb", "  relay: {}\n", peers: peersB)
        let a = try await node("ra", dial: "rb", peers: peersA)
        let c = try await node("rc", dial: "rb", peers: peersC)
        try await recording(peersC) { atC in
            try await recording(peersA) { atA in
                let toB = try await session(peersA, with: b.identity.peerID)
                _ = try await session(peersC, with: b.identity.peerID)
                _ = try await session(peersB, with: a.identity.peerID)
                _ = try await session(peersB, with: c.identity.peerID)
                let (first, _) = try sealedEnvelope("through the relay", topic: topic)
                let (second, _) = try sealedEnvelope("a second one", topic: topic)
                try await toB.send(envelopes: [first])
                try await toB.send(envelopes: [first])  // a duplicate: B must not flood it again
                try await toB.send(envelopes: [second])
                try await eventually("C receives both envelopes") { await atC.envelopes.count >= 2 }
                let atCEnvelopes = await atC.envelopes
                #expect(atCEnvelopes.map(\.0) == [first, second])
                #expect(atCEnvelopes.allSatisfy { $0.1 == .relay(peer: b.identity.peerID.bytes) })
                #expect(await atA.envelopes.isEmpty)  // never sent back to the peer it came from
                try await eventually("B counted both floods") { await stats.flooded == 2 }
                #expect(await stats.copiesSent == 2)
                #expect(await stats.duplicates == 1)
            }
        }
        await c.stop()
        await a.stop()
        await b.stop()
    }

    @Test(.timeLimit(.minutes(1))) func switchingRelayOffAndOnAtRuntimeKeepsTheSessions() async throws {
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers(), peersC = WakuPeers()
        let b = try await node("sw-b", "  relay: {}\n", peers: peersB)
        let a = try await node("sw-a", dial: "sw-b", peers: peersA)
        let c = try await node("sw-c", dial: "sw-b", peers: peersC)
        try await recording(peersC) { atC in
            let toB = try await session(peersA, with: b.identity.peerID)
            let fromC = try await session(peersC, with: b.identity.peerID)
            _ = try await session(peersB, with: a.identity.peerID)
            _ = try await session(peersB, with: c.identity.peerID)
            let full = try harness.profile("sw-b", "plugins:\n  memory: { name: sw-b }\n  waku: {}\n  relay: {}\n")
            let light = try harness.profile("sw-b", "plugins:\n  memory: { name: sw-b }\n  waku: {}\n")

            let sinksWhileRelaying = await peersB.sinkCount
            let off = try await b.apply(light)
            #expect(off.stopped == ["relay"])
            #expect(await peersB.sinkCount == sinksWhileRelaying - 1)   // the stopped relay's sink is gone
            let (unrelayed, _) = try sealedEnvelope("while the relay is off", topic: topic)
            try await toB.send(envelopes: [unrelayed])
            try await eventually("B accepted it") { await peersB.session(for: a.identity.peerID)?.received == 1 }

            let on = try await b.apply(full)
            #expect(on.started == ["relay"])
            try await eventually("the restarted relay registered its sink") { await peersB.sinkCount == sinksWhileRelaying }
            let (relayed, _) = try sealedEnvelope("relay back on", topic: topic)
            try await toB.send(envelopes: [relayed])
            try await eventually("C receives the envelope sent after the switch back") { await !atC.envelopes.isEmpty }
            #expect(await atC.envelopes.map(\.0) == [relayed])
            // The same sessions carried everything: no reconnect happened.
            #expect(await peersA.session(for: b.identity.peerID) === toB)
            #expect(await peersC.session(for: b.identity.peerID) === fromC)
        }
        await c.stop()
        await a.stop()
        await b.stop()
    }

    @Test func seenEnvelopesForgetExpiredHashes() async throws {
        let seen = SeenEnvelopes()
        let envelope = Envelope(expiry: 100, ttl: 10, topic: topic, data: [1])
        #expect(await seen.firstSighting(of: envelope, now: 95))
        #expect(await !seen.firstSighting(of: envelope, now: 96))
        let later = Envelope(expiry: 300, ttl: 10, topic: topic, data: [2])
        #expect(await seen.firstSighting(of: later, now: 200))
        #expect(await seen.count == 1)
    }
}
