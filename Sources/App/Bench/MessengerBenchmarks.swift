import DataSync
import Foundation
import LocalNetwork
import Messenger
import Primitives
import SecureChannel

/// The messenger layers: Double Ratchet encrypt+decrypt, X3DH session setup, MVDS delivery under loss
/// (simulated, both schedules), and end to end on loopback RLPx: Alice → full1 → full2 → Bob latency
/// and messages per second between two light nodes.
enum MessengerBenchmarks {
    static func run(profiles: String) async throws -> [Measurement] {
        var results: [Measurement] = []
        var ratchet = try SecureChannelWorkloads.RatchetRoundTrip()
        let payload = SecureRandom.bytes(256)
        results.append(try measure("Double Ratchet encrypt+decrypt (256 B)", units: 500, unit: "message") {
            for _ in 0..<500 { consume(try ratchet.run(payload)) }
        })
        let x3dh = SecureChannelWorkloads.X3DHSessionSetup()
        results.append(try measure("X3DH session setup, both sides", units: 200, unit: "session") {
            for _ in 0..<200 { consume(try x3dh.run(payload)) }
        })
        results += try await endToEnd(profiles: profiles, epochMilliseconds: 300)
        results += try await endToEnd(profiles: profiles, epochMilliseconds: 10)
        return results
    }

    /// MVDS figures from the simulation (epochs until all of 10 messages are ACKed).
    static func dataSyncFigures() async throws -> [String] {
        try await DataSyncSimulation.figures(messages: 10, lossRates: [0, 0.3, 0.6], seeds: 20).map(\.description)
    }

    /// Alice (light) → full1 → full2 → Bob (light), static peers only, so every message crosses two relays.
    static func endToEnd(profiles: String, epochMilliseconds: Int) async throws -> [Measurement] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let network = LocalNetwork(root: root, profiles: profiles)
        let settings = ["messenger.epoch-milliseconds=\(epochMilliseconds)"]
        let full1 = try await network.start("full1", role: "full")
        let full2 = try await network.start("full2", role: "full", bootstrap: try await LocalNetwork.enode(of: full1))
        let alice = try LocalAccount.generate(), bob = try LocalAccount.generate()
        let a = try await network.start("alice", role: "light", bootstrap: try await LocalNetwork.enode(of: full1), account: alice, extra: settings)
        let b = try await network.start("bob", role: "light", bootstrap: try await LocalNetwork.enode(of: full2), account: bob, extra: settings)
        try await a.waitForWaku(with: full1)
        try await b.waitForWaku(with: full2)
        try await full1.waitForWaku(with: full2)
        let am = try await a.messenger(), bm = try await b.messenger()
        try await Task.sleep(for: .milliseconds(500))
        try await am.addContact(bob.identity.publicKey)
        let chat = bm.chatID(with: alice.identity.publicKey)
        var sent = 0
        func deliver(_ count: Int) async throws {
            for _ in 0..<count {
                sent += 1
                try await am.sendText("message \(sent)", to: .oneToOne(bob.identity.publicKey))
            }
            while try await bm.messageCount(in: chat) < sent { try await Task.sleep(for: .milliseconds(1)) }
        }
        try await deliver(3)  // X3DH, negotiated topic, warm caches
        var latencies: [Double] = []
        for _ in 0..<30 {
            let start = ContinuousClock.now
            try await deliver(1)
            latencies.append((ContinuousClock.now - start).seconds)
        }
        var results = [Measurement(name: "e2e Alice→2 relays→Bob, epoch \(epochMilliseconds) ms", samples: latencies, unitsPerRun: 1, unit: "msg")]
        results.append(try await measureAsync("light→light burst of 100, epoch \(epochMilliseconds) ms", runs: 3, units: 100, unit: "msg") {
            try await deliver(100)
        })
        for node in [b, a, full2, full1] { await node.stop() }
        return results
    }
}
