import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import StaticPeers
import Synchronization
import TestKit

/// Gossipsub under one spamming peer (issue 12, "no other peer's latency degrades by more than 2×"):
/// on loopback libp2p, honest H → victim V → C (C reaches H only through V) while spammer S, also
/// connected to V, publishes as fast as it can — invalid messages (V rejects them: P4, then graylist)
/// or valid junk (accepted and relayed like any message). The honest end-to-end latency H → C, p50 and
/// p99, unloaded and under each kind of spam, in the same run; the ratios are loaded ÷ unloaded.
enum GossipsubSpamBenchmarks {
    static let topic = "parley-spam-bench"
    static let samples = 300
    static let pace = Duration.milliseconds(10)
    static let size = 1024

    /// Accepts everything except data starting with 0xFF (the spammer's invalid messages).
    struct SpamPolicy: PubsubTopicPolicy {
        func messageID(of data: [UInt8]) -> [UInt8] { SHA2.sha256(data) }
        func validate(_ data: [UInt8]) async -> PubsubValidation { data.first == 0xff ? .reject("invalid spam") : .accept }
        var signaturePolicy: PubsubSignaturePolicy { .laxNoSign }
    }

    /// When each honest sample arrived, by index.
    final class Arrivals: Sendable {
        private let state = Mutex<[Int: ContinuousClock.Instant]>([:])
        func add(_ data: [UInt8]) {
            guard data.count >= 9, data[0] == 0x01 else { return }
            let index = data[1..<9].reduce(0) { $0 << 8 | Int($1) }
            state.withLock { if $0[index] == nil { $0[index] = .now } }
        }
        func get(_ index: Int) -> ContinuousClock.Instant? { state.withLock { $0[index] } }
        var count: Int { state.withLock { $0.count } }
    }

    struct Node {
        let kernel: Kernel
        let router: GossipsubRouter
        let address: String
        let peerID: PeerID
        let stats: GossipsubStats
    }

    static func start(_ harness: NodeHarness, _ name: String, peers: [String], join arrivals: Arrivals?, readLimit: Int = 0) async throws -> Node {
        let handoff = ServiceHandoff<any PubsubRouter>(), stats = GossipsubStats()
        let kernel = try harness.kernel(name, registry: harness.registry(including: [GossipsubPlugin.factory(stats: stats, handoff: handoff)]))
        let staticPeers = peers.isEmpty ? "" : ", static-peers: { peers: [\"\(peers.joined(separator: "\",\""))\"] }"
        try await kernel.start(harness.profile(name, """
            node: { log-level: critical }
            plugins: { libp2p: { host: 127.0.0.1, port: 0 }, gossipsub: { heartbeat-seconds: 0.2, max-messages-per-second-per-peer: \(readLimit) }\(staticPeers) }
            """))
        guard let router = await handoff.value as? GossipsubRouter else { throw BenchTimeout(seconds: 0) }
        if let arrivals {
            let stream = await router.join(topic, policy: SpamPolicy())
            Task { for await delivery in stream { arrivals.add(delivery.data) } }
        }
        let port = await kernel.status().network.listenPorts["libp2p"] ?? 0
        let id = Libp2pPlugin.peerID(of: kernel.identity)
        return Node(kernel: kernel, router: router, address: "/ip4/127.0.0.1/tcp/\(port)/p2p/\(id)", peerID: PeerID(id.bytes), stats: stats)
    }

    static func honest(_ index: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0x5a, count: size)
        bytes[0] = 0x01
        withUnsafeBytes(of: UInt64(index).bigEndian) { bytes.replaceSubrange(1..<9, with: $0) }
        return bytes
    }

    static func spam(_ index: Int, invalid: Bool) -> [UInt8] {
        var bytes = [UInt8](repeating: 0xa5, count: size)
        bytes[0] = invalid ? 0xff : 0x02
        withUnsafeBytes(of: UInt64(index).bigEndian) { bytes.replaceSubrange(1..<9, with: $0) }
        return bytes
    }

    /// Publishes `samples` honest messages from `h`, one per `pace`, starting at index `first`; the
    /// H → C latencies in seconds (a sample that never arrives counts as the wait, 5 s).
    static func measure(_ h: Node, arrivals: Arrivals, first: Int) async throws -> [Double] {
        var sent: [ContinuousClock.Instant] = []
        for i in 0..<samples {
            sent.append(.now)
            await h.router.publish(topic, data: honest(first + i))
            try await Task.sleep(for: pace)
        }
        try? await GossipsubBenchmarks.waitUntil(seconds: 5) { arrivals.count >= first + samples }
        return (0..<samples).map { i in arrivals.get(first + i).map { ($0 - sent[i]).seconds } ?? 5 }
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    /// Read limits at the victim V: none, then `max-messages-per-second-per-peer` (the honest H sends 100/s).
    static let readLimits = [0, 1000]

    static func run() async throws -> [String] {
        func say(_ line: String) { ParleyBench.say(line) }
        say("gossipsub under one spamming peer: honest H → victim V → C on loopback libp2p, \(samples) × \(size) B honest messages every \(pace),")
        say("  spammer S (also connected to V) publishing as fast as its link to V allows; latency H → C:")
        let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory()])
        defer { harness.cleanUp() }
        for limit in readLimits {
            say(limit == 0 ? "  V reads every peer as fast as it sends:" : "  V reads each peer at most \(limit) messages/s (max-messages-per-second-per-peer):")
            try await scenario(harness, readLimit: limit, say: say)
        }
        return []
    }

    static func scenario(_ harness: NodeHarness, readLimit: Int, say: (String) -> Void) async throws {
        let atC = Arrivals(), tag = "l\(readLimit)"
        let v = try await start(harness, "spam-v-\(tag)", peers: [], join: Arrivals(), readLimit: readLimit)
        let h = try await start(harness, "spam-h-\(tag)", peers: [v.address], join: Arrivals())
        let c = try await start(harness, "spam-c-\(tag)", peers: [v.address], join: atC)
        try await GossipsubBenchmarks.waitUntil(seconds: 30) {
            let mesh = await v.router.meshPeers(topic)
            return mesh.contains(h.peerID) && mesh.contains(c.peerID)
        }
        let base = try await measure(h, arrivals: atC, first: 0)
        let baseP50 = percentile(base, 0.5), baseP99 = percentile(base, 0.99)
        say(String(format: "    no spam:           p50 %7.2f ms, p99 %7.2f ms", baseP50 * 1e3, baseP99 * 1e3))
        var next = samples
        for (phase, invalid) in [("invalid spam", true), ("valid junk spam", false)] {
            let s = try await start(harness, "spam-s-\(invalid ? "invalid" : "valid")-\(tag)", peers: [v.address], join: nil)
            try await GossipsubBenchmarks.waitUntil(seconds: 30) { await s.router.topics(of: v.peerID).contains(topic) }
            let before = v.stats.snapshot
            let spammed = SharedCount()
            // As fast as the link lets it: when S's outbox to V is full (V stopped reading, so S's yamux window
            // is closed) S waits 1 ms instead of spinning on drops — a spammer on its own machine would block in
            // its socket write; spinning here would only take the 2-core bench machine's CPU from H, V and C.
            let spammer = Task {
                var i = 0, dropped = s.stats.snapshot.rpcsDropped
                while !Task.isCancelled {
                    await s.router.publish(topic, data: spam(i, invalid: invalid))
                    spammed.add()
                    i += 1
                    let nowDropped = s.stats.snapshot.rpcsDropped
                    if nowDropped > dropped {
                        dropped = nowDropped
                        try? await Task.sleep(for: .milliseconds(1))
                    } else if i % 64 == 0 {
                        await Task.yield()
                    }
                }
            }
            // Let the spam reach full speed (and, for invalid spam, the graylisting happen) before measuring.
            try await Task.sleep(for: .milliseconds(500))
            let loaded = try await measure(h, arrivals: atC, first: next)
            spammer.cancel()
            _ = await spammer.value
            next += samples
            let after = v.stats.snapshot
            let p50 = percentile(loaded, 0.5), p99 = percentile(loaded, 0.99)
            let sStats = s.stats.snapshot
            say(String(format: "    %@: p50 %7.2f ms, p99 %7.2f ms — ratio p50 %.2f×, p99 %.2f×; lost %d of %d", phase.padding(toLength: 17, withPad: " ", startingAt: 0),
                       p50 * 1e3, p99 * 1e3, p50 / baseP50, p99 / baseP99, loaded.filter { $0 >= 5 }.count, samples))
            say(String(format: "        S published %d (%d RPCs queued, %d dropped at its full outbox); at V: %d rejected, %d graylisted RPCs, %d read pauses, %d delivered, score of S %.0f",
                       spammed.value, sStats.rpcsSent, sStats.rpcsDropped, after.rejected - before.rejected,
                       after.graylistedRPCs - before.graylistedRPCs, after.readPauses - before.readPauses,
                       after.delivered - before.delivered, await v.router.peerScore(s.peerID)))
            await s.kernel.stop()
        }
        for node in [c, h, v] { await node.kernel.stop() }
    }
}
