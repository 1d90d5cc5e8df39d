import Primitives
import WakuCore

/// The fixed Waku keys and sample envelopes the `waku-*` targets open and the seeds carry.
enum WakuFixtures {
    /// The symmetric key every sym-encrypted sample uses (32 bytes 0x11).
    static let symKey: SymKey = {
        guard let key = try? SymKey(bytes: [UInt8](repeating: 0x11, count: 32)) else { fatalError("fixture sym key is invalid") }
        return key
    }()

    /// Keys a receiving node tries: the sym key and B's private key.
    static let keys: [KeySpec] = [.symmetric(symKey), .asymmetric(FuzzFixtures.keyB)]

    /// Message data: signed by A, symmetric and asymmetric to B, and unsigned.
    static func sealedData() -> [[UInt8]] {
        let payload = Array("fuzz seed payload".utf8)
        return [
            try? Message.seal(payload: payload, to: .symmetric(symKey), signWith: FuzzFixtures.keyA, padding: [1, 2, 3]),
            try? Message.seal(payload: payload, to: .asymmetric(FuzzFixtures.keyB.publicKey), signWith: FuzzFixtures.keyA),
            try? Message.seal(payload: [], to: .symmetric(symKey), padding: []),
        ].compactMap { $0 }
    }

    /// Envelopes carrying `sealedData()`, sent at `FuzzFixtures.now` with a small PoW.
    static func envelopes() -> [Envelope] {
        sealedData().enumerated().compactMap { index, data in
            let envelope = Envelope(ttl: 50, topic: Topic(UInt32(0xcd42_3760) &+ UInt32(index)), data: data, now: FuzzFixtures.now)
            return try? envelope.sealed(target: 0.002, timeBudget: .seconds(2))
        }
    }
}
