import Foundation
import Kernel
import Libp2p
import PluginCatalog
import Primitives
import Rendezvous
import StaticPeers
import TestKit

/// Rendezvous (`/rend/0.1.0`, issue 14): discovery bytes per node per minute for a registering full node
/// whose peer target is met and for a light node still looking (both over 10 virtual minutes against a
/// rendezvous point on loopback libp2p), and the rendezvous point's memory under a registration flood.
enum RendezvousBenchmarks {
    static func run() async throws -> [String] {
        try await traffic() + flood()
    }

    static func traffic() async throws -> [String] {
        let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory(), RendezvousPlugin.factory()])
        defer { harness.cleanUp() }
        let point = try harness.kernel("point", registry: harness.registry())
        try await point.start(harness.profile("point", """
            node: { log-level: error }
            plugins:
              libp2p: { host: 127.0.0.1, port: 0 }
              rendezvous: { serve: true }
            """))
        let port = await point.status().network.listenPorts["libp2p"] ?? 0
        let server = "/ip4/127.0.0.1/tcp/\(port)/ethv4/\(Libp2pPlugin.peerID(of: point.identity).base58)"
        var lines: [String] = []
        // full: registers under two topics, target met by its one connection; light: target 3, never met.
        // Both client flavours: Status /rend/0.1.0 (ENR, 10 s TTL) and libp2p /rendezvous/1.0.0 (signed peer record).
        for flavour in ["rend", "rendezvous"] {
        for (name, target, settings) in [("full", 1, "topics: [whisper, whispermail], protocol: \(flavour)"),
                                         ("light", 3, "topics: [whisper], register: false, discovers-per-minute: 6, protocol: \(flavour)")] {
            let clock = ManualClock()
            let node = try harness.kernel(name, registry: harness.registry(), clock: clock)
            try await node.start(harness.profile(name, """
                node: { log-level: error, peers: { target: \(target), max: 8 } }
                plugins:
                  libp2p: { host: 127.0.0.1, port: 0 }
                  rendezvous: { servers: ["\(server)"], \(settings) }
                """))
            for _ in 0..<600 {
                await clock.advance(by: .seconds(1), settling: .milliseconds(50))
                try? await Task.sleep(for: .milliseconds(20))   // loopback answers need real time
            }
            let t = await node.status().network.sourceTraffic["rendezvous"] ?? TrafficSnapshot()
            await node.stop()
            lines.append(String(format: "%@ node, %@ bytes/min  %8.0f B/min (%@)", name, flavour, Double(t.bytesIn + t.bytesOut) / 10,
                                name == "full" ? "REGISTER ×2 topics every 5 s, target met: no DISCOVER" : "DISCOVER within 6/min, target unmet"))
            lines.append("  over 10 virtual minutes: \(t.packetsIn) messages in, \(t.packetsOut) out, \(t.bytesIn) B in, \(t.bytesOut) B out")
        }
        }
        await point.stop()
        return lines
    }

    /// 200 000 distinct REGISTERs (2 000 records × 100 topics, from 20 000 peers, TTL 20 s that never runs out) against
    /// the default cap of 10 000 records, then with the cap lifted, for comparison. The capped run goes first, so the
    /// uncapped run's RSS growth is measured after the first run's memory was freed (and partly reused).
    static func flood() async throws -> [String] {
        let records = try (0..<2_000).map { i in
            try NodeRecord.build(seq: 1, ip: [10, 0, UInt8(i >> 8), UInt8(i & 0xff)], tcp: 30303, udp: 30303, signingWith: PrivateKey.generate())
        }
        var lines: [String] = []
        for cap in [10_000, 1_000_000] {
            var rules = RendServerRules()
            rules.maximumRecords = cap
            let registry = RendRegistry(rules: rules, clock: ManualClock())   // virtual time stands still: nothing expires mid-flood
            let before = residentBytes()
            var refused = 0
            for i in 0..<200_000 {
                let peer = PeerID(SHA2.sha256(Array("peer-\(i % 20_000)".utf8)))
                let status = await registry.register(topic: Array("topic-\(i / 2_000)".utf8), record: records[i % 2_000],
                                                     ttlNanoseconds: 20_000_000_000, from: peer)
                if status != .ok { refused += 1 }
            }
            let after = residentBytes()
            lines.append(String(format: "registration flood, cap %7d records: %6d held, %6d refused, RSS +%.1f MiB", cap,
                                await registry.recordCount, refused, Double(after - before) / 1_048_576))
        }
        return lines
    }

    /// VmRSS from /proc/self/status (0 where unavailable).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }
}
