import Kernel
import MemoryTransport
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
@testable import WakuProtocol

/// Fair relay (issue 19): a peer flooding a full node does not starve another peer's envelopes.
/// Four kernels over the memory transport: flooder → R ← honest, R → C; R runs the `relay` plugin
/// with a per-peer rate limit. Checks delivery only — never timing.
@Suite(.serialized) struct FairRelayTests {
    let harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory(), RelayPlugin.factory()])
    let topic = Topic(0x0A0B_0C0D)
    /// R's limit: envelopes per second per peer.
    let limit = 20
    let honestCount = 10

    func node(_ name: String, _ extra: String = "", dial: String? = nil, peers: WakuPeers) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [WakuPlugin.factory(peers: peers)]))
        var yaml = "plugins:\n  memory: { name: \(name) }\n  waku: {}\n" + extra
        if let dial { yaml += "  static-peers: { peers: [\"memory://\(dial)\"] }\n" }
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    /// Distinct valid envelopes with a random body (no message crypto: the relay does not open them).
    func floodEnvelopes(_ count: Int) throws -> [Envelope] {
        try (0..<count).map { _ in
            try Envelope(ttl: 50, topic: topic, data: SecureRandom.bytes(64), now: unixNow()).sealed(target: 0.002, timeBudget: .seconds(5))
        }
    }

    @Test(.timeLimit(.minutes(1))) func aFloodingPeerIsRateLimitedAndTheHonestPeersEnvelopesAllArrive() async throws {
        defer { harness.cleanUp() }
        let peersR = WakuPeers(envelopesPerSecond: limit), peersF = WakuPeers(), peersH = WakuPeers(), peersC = WakuPeers()
        let r = try await node("fair-r", "  relay: {}\n", peers: peersR)
        let flooder = try await node("fair-f", dial: "fair-r", peers: peersF)
        let honest = try await node("fair-h", dial: "fair-r", peers: peersH)
        let c = try await node("fair-c", dial: "fair-r", peers: peersC)
        let fromFlooder = try await session(peersF, with: r.identity.peerID)
        let fromHonest = try await session(peersH, with: r.identity.peerID)
        _ = try await session(peersC, with: r.identity.peerID)
        for kernel in [flooder, honest, c] { _ = try await session(peersR, with: kernel.identity.peerID) }
        let flood = try floodEnvelopes(10 * limit)
        let honestEnvelopes = try (0..<honestCount).map { try sealedEnvelope("honest \($0)", topic: topic).0 }
        let honestHashes = Set(honestEnvelopes.map(\.hash))

        try await recording(peersC) { atC in
            try await recording(peersF) { atFlooder in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // The flooder sends half the limit per packet as fast as its session lets it, until
                    // cancelled or disconnected (banned): three packets in one second exceed the limit even on
                    // a machine too loaded to move twenty single-envelope packets a second.
                    group.addTask {
                        var index = 0
                        let batch = limit / 2
                        while !Task.isCancelled {
                            let envelopes = (0..<batch).map { flood[(index + $0) % flood.count] }
                            do { _ = try await fromFlooder.send(envelopes: envelopes) } catch { return }
                            index += batch
                            await Task.yield()
                        }
                    }
                    try await eventually("R refuses the flooder", timeout: .seconds(30)) {
                        await peersR.penalties(for: flooder.identity.peerID).contains { $0.hasPrefix("rate limit exceeded") }
                    }
                    // The flood is on (or has just got the flooder banned): the honest peer sends.
                    for envelope in honestEnvelopes { _ = try await fromHonest.send(envelopes: [envelope]) }
                    try await eventually("C receives every honest envelope", timeout: .seconds(30)) {
                        let arrived = Set(await atC.envelopes.map { $0.0.hash })
                        return honestHashes.isSubset(of: arrived)
                    }
                    group.cancelAll()
                }
                #expect(await atFlooder.responses.contains { $0.errors.contains { $0.description == "rate limit exceeded" } })
            }
        }
        #expect(await peersR.penalties(for: honest.identity.peerID).isEmpty)
        #expect(await peersR.session(for: honest.identity.peerID) != nil)   // the honest peer is still connected
        for kernel in [c, honest, flooder, r] { await kernel.stop() }
    }
}

/// The envelope rate limiter alone: one budget per peer per second, one penalised refusal per second.
@Suite struct EnvelopeRateLimiterTests {
    let peer = PeerID(Array(repeating: 1, count: 64))
    let other = PeerID(Array(repeating: 2, count: 64))

    @Test func aPeerOverItsBudgetIsRefusedOncePenalisedPerSecondAndOthersAreUntouched() {
        var limiter = RateLimiter(perSecond: 3)
        #expect(limiter.admit(2, from: peer, now: 10) == .admitted)
        #expect(limiter.admit(2, from: peer, now: 10) == .refused(firstInWindow: true))
        #expect(limiter.admit(5, from: peer, now: 10) == .refused(firstInWindow: false))
        #expect(limiter.admit(1, from: peer, now: 10) == .admitted)        // refused envelopes used no budget
        #expect(limiter.admit(3, from: other, now: 10) == .admitted)       // the other peer has its own budget
        #expect(limiter.admit(1, from: peer, now: 10) == .refused(firstInWindow: false))
        #expect(limiter.admit(3, from: peer, now: 11) == .admitted)        // a new second, a new budget
        #expect(limiter.admit(1, from: peer, now: 11) == .refused(firstInWindow: true))
    }
}
