import Devp2p
import Foundation
import Kernel
import Primitives
import StaticPeers
import TestKit
import WakuCore
import WakuProtocol

/// Fair relay (issue 19) on loopback RLPx: flooder → R (relay, default rate limit) ← honest, R → C.
/// The honest peer's end-to-end latency (send at honest → arrival at C), unloaded and while the flooder
/// sends one envelope per packet as fast as it can, in the same run; p50, p99 and p99(loaded)/p99(unloaded).
enum FairnessBenchmarks {
    /// Records when each envelope arrived.
    actor ArrivalSink: EnvelopeSink {
        private(set) var arrivals: [EnvelopeHash: ContinuousClock.Instant] = [:]
        func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws { arrivals[envelope.hash] = .now }
        func arrival(of hash: EnvelopeHash) -> ContinuousClock.Instant? { arrivals[hash] }
    }

    /// Counts what the flooder managed to send.
    actor FloodCounter {
        private(set) var sent = 0
        private(set) var ended: String?
        private let started = ContinuousClock.now
        private(set) var seconds = 0.0
        private(set) var drops = 0, reconnects = 0
        func add() { sent += 1 }
        func dropped() { drops += 1 }
        func reconnected() { reconnects += 1 }
        func end(_ why: String) {
            ended = why
            seconds = (ContinuousClock.now - started).seconds
        }
    }

    /// Samples per phase; the honest peer sends one every `pace`, staying under the relay's 100/s.
    static let samples = 300
    static let pace = Duration.milliseconds(11)

    static func run() async throws -> [String] {
        let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory(), RelayPlugin.factory()])
        defer { harness.cleanUp() }
        let peersR = WakuPeers(envelopesPerSecond: WakuConfig.defaultRateLimit)
        let peersF = WakuPeers(), peersH = WakuPeers(), peersC = WakuPeers()
        func node(_ name: String, _ peers: WakuPeers, _ extra: String) async throws -> Kernel {
            let kernel = try harness.kernel(name, registry: harness.registry(including: [WakuPlugin.factory(peers: peers)]))
            try await kernel.start(harness.profile(name, "node: { log-level: critical }\nplugins:\n  devp2p: { host: 127.0.0.1, port: 0 }\n  waku: {}\n" + extra))
            return kernel
        }
        let r = try await node("fair-r", peersR, "  relay: {}\n")
        let port = await r.status().network.listenPorts["devp2p"] ?? 0
        let enode = r.identity.enode(host: "127.0.0.1", port: port)
        let dial = "  static-peers: { peers: [\"\(enode)\"] }\n"
        let f = try await node("fair-f", peersF, dial)
        let h = try await node("fair-h", peersH, dial)
        let c = try await node("fair-c", peersC, dial)
        let atC = ArrivalSink()
        await peersC.addSink(atC)
        var sessions: (flood: WakuPeerSession, honest: WakuPeerSession)?
        for _ in 0..<1000 {
            if let flood = await peersF.session(for: r.identity.peerID), let honest = await peersH.session(for: r.identity.peerID),
               await peersC.session(for: r.identity.peerID) != nil, await peersR.peerIDs.count == 3 {
                sessions = (flood, honest)
                break
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard let sessions else { throw CancellationError() }
        let (toRFromFlooder, toRFromHonest) = sessions

        let key = SymKey.random(), signer = PrivateKey.generate(), topic = StatusTopic.publicChat("fairness")
        func honestEnvelopes(_ count: Int) throws -> [Envelope] {
            let now = UInt32(Date().timeIntervalSince1970)
            return try (0..<count).map { _ in
                let data = try Message.seal(payload: SecureRandom.bytes(1024), to: .symmetric(key), signWith: signer)
                return try Envelope(ttl: 120, topic: topic, data: data, now: now).sealed(target: 0.00001, timeBudget: .seconds(5))
            }
        }
        let now = UInt32(Date().timeIntervalSince1970)
        let flood = try (0..<3000).map { _ in
            try Envelope(ttl: 120, topic: topic, data: SecureRandom.bytes(1308), now: now).sealed(target: 0.00001, timeBudget: .seconds(5))
        }

        /// Honest end-to-end latencies in seconds, one envelope in flight at a time, paced.
        func phase() async throws -> [Double] {
            var latencies: [Double] = []
            for envelope in try honestEnvelopes(samples) {
                let sent = ContinuousClock.now
                _ = try await toRFromHonest.send(envelopes: [envelope])
                var arrived = await atC.arrival(of: envelope.hash)
                while arrived == nil {
                    await Task.yield()
                    arrived = await atC.arrival(of: envelope.hash)
                }
                if let arrived { latencies.append((arrived - sent).seconds) }
                try await Task.sleep(until: sent + pace, clock: .continuous)
            }
            return latencies
        }

        _ = try await phase()  // warm-up
        let unloaded = try await phase()
        let counter = FloodCounter()
        let (loaded, penalties) = try await withThrowingTaskGroup(of: Void.self, returning: ([Double], [String]).self) { group in
            group.addTask {
                // Floods over whatever session it has; when R drops it, it waits for static-peers to redial.
                var index = 0, session: WakuPeerSession? = toRFromFlooder
                while !Task.isCancelled {
                    guard let current = session else {
                        try? await Task.sleep(for: .milliseconds(5))
                        session = await peersF.session(for: r.identity.peerID)
                        if session != nil { await counter.reconnected() }
                        continue
                    }
                    do { _ = try await current.send(envelopes: [flood[index % flood.count]]) } catch {
                        await counter.dropped()
                        while await peersF.session(for: r.identity.peerID) === current, !Task.isCancelled {
                            try? await Task.sleep(for: .milliseconds(5))
                        }
                        session = nil
                        continue
                    }
                    await counter.add()
                    index += 1
                }
                await counter.end("cancelled")
            }
            while await peersR.penalties(for: f.identity.peerID).isEmpty { try await Task.sleep(for: .milliseconds(1)) }
            let loaded = try await phase()
            group.cancelAll()
            try await group.waitForAll()
            return (loaded, await peersR.penalties(for: f.identity.peerID))
        }
        let floodSeconds = await counter.seconds
        let sent = await counter.sent, drops = await counter.drops, reconnects = await counter.reconnects
        let relayed = await peersR.session(for: f.identity.peerID)?.received ?? -1
        for kernel in [f, h, c, r] { await kernel.stop() }

        func ms(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }
        let (u50, u99) = (percentile(unloaded, 0.50), percentile(unloaded, 0.99))
        let (l50, l99) = (percentile(loaded, 0.50), percentile(loaded, 0.99))
        return [
            "fair relay: honest → R → C latency, \(samples) envelopes per phase, one per \(pace), R's rate limit \(WakuConfig.defaultRateLimit)/s per peer",
            "  unloaded   p50 \(ms(u50))   p99 \(ms(u99))",
            "  flooded    p50 \(ms(l50))   p99 \(ms(l99))",
            String(format: "  ratio p99(flooded)/p99(unloaded) %.2f×   p50 ratio %.2f×", l99 / u99, l50 / u50),
            String(format: "  flooder: %d packets sent in %.1f s (%.0f/s), R read %d envelopes from the last session, %d penalties, dropped by R %d times, redialled %d times",
                   sent, floodSeconds, Double(sent) / floodSeconds, relayed, penalties.count, drops, reconnects),
        ]
    }

    /// The `q` quantile of `samples` (nearest rank).
    static func percentile(_ samples: [Double], _ q: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
