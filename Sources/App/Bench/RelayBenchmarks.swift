import Devp2p
import Foundation
import Kernel
import Primitives
import StaticPeers
import TestKit
import WakuCore
import WakuProtocol

/// Relaying through one full node on loopback RLPx: A → B (relay) → C. Envelopes per second of 1 KiB
/// payloads, and the latency one relay hop adds (arrival at C minus arrival at B, median).
enum RelayBenchmarks {
    /// Records when each envelope arrived.
    actor ArrivalSink: EnvelopeSink {
        private(set) var arrivals: [EnvelopeHash: ContinuousClock.Instant] = [:]
        func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws { arrivals[envelope.hash] = .now }
        var count: Int { arrivals.count }
        func reset() { arrivals = [:] }
    }

    static func run() async throws -> [Measurement] {
        let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory(), RelayPlugin.factory()])
        defer { harness.cleanUp() }
        let peersA = WakuPeers(), peersB = WakuPeers(), peersC = WakuPeers()
        func node(_ name: String, _ peers: WakuPeers, _ extra: String) async throws -> Kernel {
            let kernel = try harness.kernel(name, registry: harness.registry(including: [WakuPlugin.factory(peers: peers)]))
            try await kernel.start(harness.profile(name, "node: { log-level: error }\nplugins:\n  devp2p: { host: 127.0.0.1, port: 0 }\n  waku: {}\n" + extra))
            return kernel
        }
        let b = try await node("relay-b", peersB, "  relay: {}\n")
        let port = await b.status().network.listenPorts["devp2p"] ?? 0
        let enode = b.identity.enode(host: "127.0.0.1", port: port)
        let a = try await node("relay-a", peersA, "  static-peers: { peers: [\"\(enode)\"] }\n")
        let c = try await node("relay-c", peersC, "  static-peers: { peers: [\"\(enode)\"] }\n")
        let atB = ArrivalSink(), atC = ArrivalSink()
        await peersB.addSink(atB)
        await peersC.addSink(atC)
        var toB: WakuPeerSession?
        for _ in 0..<500 {
            toB = await peersA.session(for: b.identity.peerID)
            if toB != nil, await peersB.peerIDs.count == 2 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard let toB else { throw CancellationError() }

        let key = SymKey.random(), signer = PrivateKey.generate(), topic = StatusTopic.publicChat("bench")
        func envelopes(_ count: Int) throws -> [Envelope] {
            let now = UInt32(Date().timeIntervalSince1970)
            return try (0..<count).map { _ in
                let data = try Message.seal(payload: SecureRandom.bytes(1024), to: .symmetric(key), signWith: signer)
                return try Envelope(ttl: 120, topic: topic, data: data, now: now).sealed(target: 0.00001, timeBudget: .seconds(5))
            }
        }
        var results: [Measurement] = []
        let batch = 2000
        results.append(try await measureAsync("relay A→B→C, 1 KiB envelopes, one per packet", runs: 5, units: Double(batch), unit: "envelope") {
            let fresh = try envelopes(batch)
            await atC.reset()
            for envelope in fresh { try await toB.send(envelopes: [envelope]) }
            while await atC.count < batch { try await Task.sleep(for: .milliseconds(1)) }
        })
        // Latency: one envelope at a time, so queues are empty.
        var hop: [Double] = [], direct: [Double] = []
        for envelope in try envelopes(200) {
            let sent = ContinuousClock.now
            try await toB.send(envelopes: [envelope])
            while await atC.arrivals[envelope.hash] == nil { await Task.yield() }
            guard let arrivedB = await atB.arrivals[envelope.hash], let arrivedC = await atC.arrivals[envelope.hash] else { continue }
            direct.append((arrivedB - sent).seconds)
            hop.append((arrivedC - arrivedB).seconds)
        }
        results.append(Measurement(name: "latency A→B, one hop (median of 200)", samples: direct, unitsPerRun: 1, unit: "hop"))
        results.append(Measurement(name: "latency added by relaying B→C", samples: hop, unitsPerRun: 1, unit: "hop"))
        for kernel in [a, c, b] { await kernel.stop() }
        return results
    }
}
