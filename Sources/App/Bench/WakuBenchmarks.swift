import Primitives
import WakuCore

/// Waku v1 core costs (wire-facts §2): PoW sealing at Status's parameters (TTL 15 s, PoW 0.002, §2.9) and
/// above, trial decryption per envelope for a light node holding N symmetric keys, envelope
/// encode/decode/accept rates, and PBKDF2 key derivation.
enum WakuBenchmarks {
    static let now: UInt32 = 1_600_000_000

    static func run() throws -> [Measurement] {
        var results: [Measurement] = []
        let sender = PrivateKey.generate()
        let key = SymKey.random()
        let topic = StatusTopic.publicChat("status")

        // A Status-shaped envelope: 1 KiB payload, signed, symmetric → 1308 B data, size 1328.
        func statusEnvelope() throws -> Envelope {
            let data = try Message.seal(payload: SecureRandom.bytes(1024), to: .symmetric(key), signWith: sender)
            return Envelope(ttl: StatusSendDefaults.ttl, topic: topic, data: data, now: now)
        }
        let unsealed = try (0..<64).map { _ in try statusEnvelope() }

        // Sealing from nonce 0; averaged over 64 different envelopes (the search length is random).
        for (target, label) in [(StatusSendDefaults.powTarget, "Status 0.002"), (0.2, "0.2"), (1.0, "1.0")] {
            let bits = ProofOfWork.targetBits(target: target, size: unsealed[0].size, ttl: StatusSendDefaults.ttl)
            results.append(try measure("PoW seal, target \(label) (\(bits) bits)", runs: 5, units: Double(unsealed.count), unit: "seal") {
                for envelope in unsealed { consume(try envelope.sealed(target: target, timeBudget: StatusSendDefaults.workTime)) }
            })
        }
        let sealed = try unsealed.map { try $0.sealed(target: StatusSendDefaults.powTarget, timeBudget: StatusSendDefaults.workTime) }

        // Envelope wire costs.
        let encoded = sealed.map { $0.encoded() }
        results.append(measure("envelope encode (1.3 KiB data)", units: Double(sealed.count * 200), unit: "env") {
            for _ in 0..<200 { for envelope in sealed { consume(envelope.encoded()) } }
        })
        results.append(try measure("envelope decode + hash (1.3 KiB data)", units: Double(encoded.count * 200), unit: "env") {
            for _ in 0..<200 { for bytes in encoded { consume(try Envelope(decoding: bytes)) } }
        })
        let packet = Envelope.encodeList(sealed)
        results.append(try measure("Messages packet decode (64 envelopes)", units: Double(sealed.count * 200), unit: "env") {
            for _ in 0..<200 { consume(try Envelope.decodeList(packet)) }
        })
        let acceptance = EnvelopeAcceptance(minimumPoW: StatusSendDefaults.powTarget)
        results.append(measure("acceptance check incl. PoW (1.3 KiB)", units: Double(sealed.count * 200), unit: "env") {
            for _ in 0..<200 { for envelope in sealed { consume(acceptance.check(envelope, now: now)) } }
        })

        // Trial decryption: an envelope on a watched topic, tried against N symmetric keys.
        let data = sealed[0].data
        for count in [1, 10, 100] {
            let others = (0..<count).map { _ in KeySpec.symmetric(.random()) }
            let repeats = 20_000 / count
            results.append(measure("trial-decrypt miss, \(count) sym key(s)", units: Double(repeats), unit: "env") {
                for _ in 0..<repeats { consume(try? Message.open(data, with: others)) }
            })
            let withOurs = Array(others.dropLast()) + [.symmetric(key)]
            results.append(try measure("trial-decrypt hit on key \(count) of \(count)", units: Double(repeats), unit: "env") {
                for _ in 0..<repeats { consume(try Message.open(data, with: withOurs)) }
            })
        }
        let recipient = PrivateKey.generate()
        let asymmetric = try Message.seal(payload: SecureRandom.bytes(1024), to: .asymmetric(recipient.publicKey), signWith: sender)
        results.append(measure("trial-decrypt miss, 1 ECIES key", units: 2000, unit: "env") {
            for _ in 0..<2000 { consume(try? Message.open(asymmetric, with: [.asymmetric(sender)])) }
        })
        results.append(try measure("open asymmetric 1 KiB (ECIES + recover)", units: 2000, unit: "env") {
            for _ in 0..<2000 { consume(try Message.open(asymmetric, with: [.asymmetric(recipient)])) }
        })

        results.append(try measure("symkey from password (PBKDF2 65 356)", runs: 5, units: 10, unit: "key") {
            for index in 0..<10 { consume(try SymKey(password: "chat-\(index)")) }
        })
        return results
    }
}
