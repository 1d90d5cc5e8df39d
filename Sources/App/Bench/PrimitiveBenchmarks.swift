import Primitives

/// Hashing, RLP and secp256k1 throughput: the floor every protocol path stands on.
enum PrimitiveBenchmarks {
    static func run() throws -> [Measurement] {
        var results: [Measurement] = []
        let megabyte = SecureRandom.bytes(1 << 20)
        results.append(measure("keccak256 (1 MiB input)", units: 8, unit: "MB") {
            for _ in 0..<8 { consume(Keccak256.hash(megabyte)) }
        })
        let small = SecureRandom.bytes(64)
        results.append(measure("keccak256 (64 B input)", units: 100_000, unit: "hash") {
            for _ in 0..<100_000 { consume(Keccak256.hash(small)) }
        })

        // A Waku-like batch: 1,000 envelopes [expiry, ttl, topic, data(1 KiB), nonce].
        let envelope = RLPItem.list([.bytes([0x5f, 0x5e, 0x10, 0x00]), .bytes([0x0a]), .bytes([1, 2, 3, 4]),
                                     .bytes(SecureRandom.bytes(1024)), .bytes(SecureRandom.bytes(8))])
        let batch = RLPItem.list(Array(repeating: envelope, count: 1000))
        let encoded = RLP.encode(batch)
        let megabytes = Double(encoded.count) / 1e6
        results.append(measure("RLP encode (1000 × 1 KiB envelopes)", units: megabytes * 20, unit: "MB") {
            for _ in 0..<20 { consume(RLP.encode(batch)) }
        })
        results.append(try measure("RLP decode (1000 × 1 KiB envelopes)", units: megabytes * 20, unit: "MB") {
            for _ in 0..<20 { consume(try RLP.decode(encoded)) }
        })

        let key = PrivateKey.generate()
        let peer = PrivateKey.generate().publicKey
        let digest = Keccak256.hash(Array("parley".utf8))
        let signature = try key.signRecoverable(digest: digest)
        results.append(try measure("secp256k1 sign (recoverable)", units: 2000, unit: "op") {
            for _ in 0..<2000 { consume(try key.signRecoverable(digest: digest)) }
        })
        results.append(try measure("secp256k1 recover", units: 2000, unit: "op") {
            for _ in 0..<2000 { consume(try signature.recoverPublicKey(digest: digest)) }
        })
        results.append(try measure("secp256k1 ECDH (raw X)", units: 2000, unit: "op") {
            for _ in 0..<2000 { consume(try key.sharedSecretX(with: peer)) }
        })
        return results
    }
}
