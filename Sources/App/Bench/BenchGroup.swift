/// The groups of figures `parley-bench` measures, in the order a full run prints them (`--only`, `--list`).
enum BenchGroup: String, CaseIterable, Sendable {
    case primitives, kernel, accounts, devp2p, waku, relay, fairness, messenger, mvds, store
    case discv5
    case libp2p
    case rendezvous
    case gossipsub
    case gossipsubSpam = "gossipsub-spam"

    var summary: String {
        switch self {
        case .primitives: "keccak, RLP, secp256k1"
        case .kernel: "profile load + plan, role switch (uses the profiles directory)"
        case .accounts: "BIP-39/32, chat keys, identicons, keystore unlock"
        case .devp2p: "RLPx handshake and loopback throughput"
        case .waku: "PoW sealing, envelope codec, trial decryption"
        case .relay: "relay A → B → C throughput and per-hop latency"
        case .fairness: "honest latency through a relay, unloaded vs flooded (issue 19)"
        case .messenger: "Double Ratchet, X3DH, end-to-end messenger"
        case .mvds: "MVDS under loss (simulation)"
        case .store: "store inserts and history pages"
        case .discv5: "discv5 handshake/packet cost, finding 10 full nodes in 50, light-node discovery bytes/min"
        case .libp2p: "libp2p setup, ping RTT, Noise+yamux throughput vs raw ChaCha20-Poly1305 (and vs py-libp2p)"
        case .rendezvous: "rendezvous (/rend/0.1.0) discovery bytes/min per node, rendezvous-point memory under a registration flood"
        case .gossipsub: "gossipsub msg/s and CPU per message: Parley pair vs py-libp2p pair vs mixed; amplification vs flooding"
        case .gossipsubSpam: "gossipsub honest latency (p50/p99) with and without one peer spamming invalid or valid-junk messages"
        }
    }

    /// Runs the group and returns its printed lines.
    func run(profiles: String) async throws -> [String] {
        switch self {
        case .primitives: return try PrimitiveBenchmarks.run().map { $0.line() }
        case .kernel: return try await KernelBenchmarks.run(profileDirectory: profiles).map { $0.line() }
        case .accounts: return try AccountBenchmarks.run().map { $0.line() }
        case .devp2p: return try await Devp2pBenchmarks.run().map { $0.line() }
        case .waku: return try WakuBenchmarks.run().map { $0.line() }
        case .relay: return try await RelayBenchmarks.run().map { $0.line() }
        case .fairness: return try await FairnessBenchmarks.run()
        case .messenger: return try await MessengerBenchmarks.run(profiles: "profiles").map { $0.line() }
        case .mvds:
            let figures = try await MessengerBenchmarks.dataSyncFigures()
            return ["MVDS, 10 messages, median of 20 seeds (simulated lossy link):"] + figures.map { "  " + $0 }
        case .store: return try await StoreBenchmarks.run().map { $0.line() }
        case .discv5: return try await Discv5Benchmarks.run()
        case .libp2p: return try await Libp2pBenchmarks.run().map { $0.line() }
        case .rendezvous: return try await RendezvousBenchmarks.run()
        case .gossipsub: return try await GossipsubBenchmarks.run()
        case .gossipsubSpam: return try await GossipsubSpamBenchmarks.run()
        }
    }
}
