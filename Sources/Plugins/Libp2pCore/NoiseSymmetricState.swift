import Crypto

/// Noise `SymmetricState` with SHA-256: chaining key, handshake hash, and the cipher they key.
/// Noise's HKDF(ck, ikm) is RFC 5869 HKDF with salt = ck and empty info, taken from swift-crypto.
struct NoiseSymmetricState: Sendable {
    var chainingKey: [UInt8]
    var handshakeHash: [UInt8]
    var cipher = NoiseCipherState()

    init(protocolName: String) {
        let name = Array(protocolName.utf8)
        handshakeHash = name.count <= 32 ? name + [UInt8](repeating: 0, count: 32 - name.count) : Array(SHA256.hash(data: name))
        chainingKey = handshakeHash
    }

    static func hkdf(_ chainingKey: [UInt8], _ input: [UInt8]) -> ([UInt8], [UInt8]) {
        let out = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: input), salt: chainingKey,
                                         info: [UInt8](), outputByteCount: 64)
        let bytes = out.withUnsafeBytes { Array($0) }
        return (Array(bytes[0..<32]), Array(bytes[32..<64]))
    }

    mutating func mixHash(_ data: [UInt8]) {
        var hasher = SHA256()
        hasher.update(data: handshakeHash)
        hasher.update(data: data)
        handshakeHash = Array(hasher.finalize())
    }

    mutating func mixKey(_ input: [UInt8]) {
        let (ck, key) = Self.hkdf(chainingKey, input)
        chainingKey = ck
        cipher = NoiseCipherState(key: key)
    }

    mutating func encryptAndHash(_ plaintext: [UInt8]) throws -> [UInt8] {
        let ciphertext = try cipher.encrypt(ad: handshakeHash, plaintext)
        mixHash(ciphertext)
        return ciphertext
    }

    mutating func decryptAndHash(_ ciphertext: [UInt8]) throws -> [UInt8] {
        let plaintext = try cipher.decrypt(ad: handshakeHash, ciphertext)
        mixHash(ciphertext)
        return plaintext
    }

    func split() -> (NoiseCipherState, NoiseCipherState) {
        let (k1, k2) = Self.hkdf(chainingKey, [])
        return (NoiseCipherState(key: k1), NoiseCipherState(key: k2))
    }
}
