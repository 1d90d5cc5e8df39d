import Discv5
import Foundation
import Kernel
import Primitives
import StaticPeers
import TestKit

/// Discovery v5.1: handshake and packet costs (against one secp256k1 ECDH measured in the same run), the
/// time a new node needs to find 10 full nodes in a 50-node loopback network, and the discovery traffic
/// of a connected light node over 10 virtual minutes.
enum Discv5Benchmarks {
    static func run() async throws -> [String] {
        var lines: [String] = []
        let a = PrivateKey.generate(), b = PrivateKey.generate()
        let ecdh = try measure("secp256k1 ECDH (reference)", units: 500, unit: "op") {
            for _ in 0..<500 { consume(try a.sharedSecretCompressed(with: b.publicKey)) }
        }
        let handshake = try measure("discv5 handshake crypto, both sides", units: 200, unit: "handshake") {
            for _ in 0..<200 { try handshakeBothSides(a, b) }
        }
        lines.append(ecdh.line())
        lines.append(handshake.line() + String(format: "   (= %.1f ECDH)", handshake.median / handshake.unitsPerRun / (ecdh.median / ecdh.unitsPerRun)))
        let codec = PacketCodec()
        let key = SecureRandom.bytes(16), source = a.publicKey.nodeID, dest = b.publicKey.nodeID
        let message = Discv5Message.ping(requestID: [0, 0, 0, 1], enrSeq: 7).encoded
        var packet: [UInt8] = []
        lines.append(try measure("PING packet encode (header+GCM+mask)", units: 20_000, unit: "packet") {
            for _ in 0..<20_000 { packet = try encode(codec, key: key, source: source, dest: dest, message: message) }
        }.line())
        lines.append(try measure("PING packet decode (unmask+GCM)", units: 20_000, unit: "packet") {
            for _ in 0..<20_000 {
                let decoded = try codec.decode(packet, localID: dest)
                consume(try MessageCipher.open(key: key, nonce: decoded.nonce, ciphertext: decoded.messageCiphertext,
                                               authenticatedData: decoded.authenticatedData))
            }
        }.line())
        lines += try await findTenFullNodes()
        lines += try await lightNodeTraffic()
        return lines
    }

    static func handshakeBothSides(_ a: PrivateKey, _ b: PrivateKey) throws {
        let challenge = SecureRandom.bytes(63)
        let ephemeral = PrivateKey.generate()
        let ephKey = ephemeral.publicKey.compressed
        let signature = try HandshakeCrypto.signIDNonce(a, challengeData: challenge, ephemeralKey: ephKey, recipientID: b.publicKey.nodeID)
        let keysA = HandshakeCrypto.deriveKeys(secret: try HandshakeCrypto.sharedSecret(ephemeral, b.publicKey), initiatorID: a.publicKey.nodeID,
                                               recipientID: b.publicKey.nodeID, challengeData: challenge)
        guard HandshakeCrypto.verifyIDNonce(signature, by: a.publicKey, challengeData: challenge, ephemeralKey: ephKey, recipientID: b.publicKey.nodeID)
        else { throw CancellationError() }
        let keysB = HandshakeCrypto.deriveKeys(secret: try HandshakeCrypto.sharedSecret(b, try PublicKey(bytes: ephKey)), initiatorID: a.publicKey.nodeID,
                                               recipientID: b.publicKey.nodeID, challengeData: challenge)
        guard keysA == keysB else { throw CancellationError() }
    }

    static func encode(_ codec: PacketCodec, key: [UInt8], source: [UInt8], dest: [UInt8], message: [UInt8]) throws -> [UInt8] {
        let iv = SecureRandom.bytes(16), nonce = SecureRandom.bytes(12)
        let header = codec.header(nonce: nonce, auth: .message(sourceID: source))
        let sealed = try MessageCipher.seal(key: key, nonce: nonce, plaintext: message, authenticatedData: iv + header)
        return try codec.encode(maskingIV: iv, destinationID: dest, header: header, messageCiphertext: sealed)
    }

    /// 50 nodes (25 advertise role `full`), warmed up with one lookup each; then new nodes with only the
    /// bootnode look up until each has found 10 full nodes. Five newcomers stay up after their run; five more
    /// then each stop after theirs, as nodes that leave do — the network's tables still list them, and a
    /// lookup that asks one waits out its request timeout (500 ms, one retry). Timed-out requests are counted.
    static func findTenFullNodes() async throws -> [String] {
        var nodes: [Discv5Service] = []
        for i in 0..<50 {
            let role = WakuRecordEntry(role: i % 2 == 0 ? "full" : "light", capabilities: i % 2 == 0 ? ["relay", "store"] : [])
            nodes.append(try await Discv5Service.bind(key: PrivateKey.generate(), extra: ["waku": role.item], clock: SystemClock()))
        }
        let boot = await nodes[0].localRecord
        for node in nodes.dropFirst() { await node.addBootnodes([boot]) }
        await withTaskGroup(of: Void.self) { group in
            for node in nodes.dropFirst() { group.addTask { await node.lookup(node.localID) } }
        }
        var lines: [String] = []
        var stayed: [Discv5Service] = []
        for leaving in [false, true] {
            var samples: [Double] = [], lookupsUsed: [Int] = [], timedOut: [Int] = []
            for _ in 0..<5 {
                let fresh = try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock())
                await fresh.addBootnodes([boot])
                let start = ContinuousClock.now
                var full: Set<[UInt8]> = [], lookups = 0
                while full.count < 10 && lookups < 20 {
                    let found = lookups == 0 ? await fresh.lookup(fresh.localID) : await fresh.randomLookup()
                    lookups += 1
                    for record in found + (await fresh.knownRecords) where WakuRecordEntry(record: record)?.role == "full" {
                        if let id = record.nodeID { full.insert(id) }
                    }
                }
                let elapsed = ContinuousClock.now - start
                samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                lookupsUsed.append(lookups)
                timedOut.append(await fresh.requestsTimedOut)
                if leaving { await fresh.stop() } else { stayed.append(fresh) }
            }
            let median = samples.sorted()[samples.count / 2]
            lines.append(String(format: "new node finds 10 full nodes (50-node loopback, %@) %8.1f ms median   (runs: %@ ms; lookups: %@; requests timed out: %@)",
                                leaving ? "each newcomer leaves after its run" : "newcomers stay", median,
                                samples.map { String(format: "%.0f", $0) }.joined(separator: ","),
                                lookupsUsed.map(String.init).joined(separator: ","), timedOut.map(String.init).joined(separator: ",")))
        }
        for node in nodes + stayed { await node.stop() }
        return lines
    }

    /// A light node whose peer target is met (one static peer connected) runs discv5 against a 10-node
    /// network for 10 minutes of virtual time: only the re-announce lookup and liveness checks remain.
    static func lightNodeTraffic() async throws -> [String] {
        var network: [Discv5Service] = []
        for _ in 0..<10 { network.append(try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock())) }
        let boot = await network[0].localRecord
        for node in network.dropFirst() {
            await node.addBootnodes([boot])
            await node.lookup(node.localID)
        }
        let clock = ManualClock()
        let harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory(), Discv5Plugin.factory()])
        defer { harness.cleanUp() }
        let peer = try harness.kernel("peer", registry: harness.registry())
        try await peer.start(harness.profile("peer", "node: { log-level: error }\nplugins:\n  memory: { name: peer }\n"))
        let light = try harness.kernel("light", registry: harness.registry(), clock: clock)
        try await light.start(harness.profile("light", """
            node: { log-level: error, peers: { target: 1, max: 4 } }
            plugins:
              memory: { name: light }
              static-peers: { peers: ["memory://peer"] }
              discv5: { host: 127.0.0.1, port: 0, bootnodes: ["\(boot.text)"], role: light, require-role: full, lookups-per-minute: 2 }
            """))
        // Let the start-up (re-announce) lookup finish before counting the steady state.
        try? await Task.sleep(for: .milliseconds(500))
        let startup = await light.status().network.sourceTraffic["discv5"] ?? TrafficSnapshot()
        for second in 0..<600 {
            await clock.advance(by: .seconds(1), settling: .milliseconds(50))
            // Real UDP answers need real time: give them 20 ms per virtual second so virtual-time request
            // timeouts do not fire before a loopback answer could arrive.
            try? await Task.sleep(for: .milliseconds(20))
            if ProcessInfo.processInfo.environment["DISCV5_TRACE"] != nil, second % 60 == 0 {
                print("t=\(second)s", await light.status().network.sourceTraffic["discv5"] ?? TrafficSnapshot(), clock.sleeperCount)
            }
        }
        let after = await light.status().network.sourceTraffic["discv5"] ?? TrafficSnapshot()
        await light.stop(); await peer.stop()
        for node in network { await node.stop() }
        let steady = Double((after.bytesIn + after.bytesOut) - (startup.bytesIn + startup.bytesOut)) / 10
        let total = Double(after.bytesIn + after.bytesOut) / 10
        return [String(format: "connected light node, discv5 bytes/min     %8.0f B/min steady (%.0f B/min incl. start-up lookup; goal ≤ 10240)",
                       steady, total),
                "  over 10 virtual minutes: \(after.packetsIn) packets in, \(after.packetsOut) out, \(after.bytesIn) B in, \(after.bytesOut) B out"]
    }
}
