/// go-ethereum's ECIES with `ECIES_AES128_SHA256` parameters (wire-facts §0.4): the public-key
/// encryption of the RLPx handshake (auth/ack) and of Waku v1 asymmetric messages.
///
/// Layout: `R(65, 04‖X‖Y) ‖ iv(16) ‖ AES-128-CTR(kE, iv, m) ‖ HMAC-SHA256(kM, iv ‖ c ‖ s2)(32)` with
/// `K = ConcatKDF-SHA256(ECDH_x(r, K_B), s1 = ∅, 32)`, `kE = K[0:16]`, `kM = SHA256(K[16:32])`.
public enum ECIES {
    /// Bytes added to the plaintext: 65 (R) + 16 (iv) + 32 (MAC).
    public static let overhead = 113

    /// Encrypts `plaintext` to `recipient` with a fresh ephemeral key and IV.
    /// - Parameter s2: data authenticated by the MAC but not sent (RLPx EIP-8: the 2-byte size prefix).
    public static func encrypt(_ plaintext: [UInt8], to recipient: PublicKey, sharedMacData s2: [UInt8] = []) throws -> [UInt8] {
        try encrypt(plaintext, to: recipient, sharedMacData: s2, ephemeralKey: PrivateKey.generate(), iv: SecureRandom.bytes(16))
    }

    /// Deterministic encryption with a caller-chosen ephemeral key and IV — for test vectors only.
    /// Reusing an ephemeral key or IV in production breaks confidentiality.
    public static func encrypt(_ plaintext: [UInt8], to recipient: PublicKey, sharedMacData s2: [UInt8] = [],
                               ephemeralKey: PrivateKey, iv: [UInt8]) throws -> [UInt8] {
        guard iv.count == 16 else { throw ECIESError.invalidIVLength(iv.count) }
        let keys = try DerivedKeys(shared: ephemeralKey.sharedSecretX(with: recipient))
        let ciphertext = try AESCTR.apply(key: keys.encryption, iv: iv, plaintext)
        let mac = KDF.hmacSHA256(key: keys.mac, data: iv + ciphertext + s2)
        var out = ephemeralKey.publicKey.uncompressed
        out.reserveCapacity(overhead + plaintext.count)
        out += iv
        out += ciphertext
        out += mac
        return out
    }

    /// Checks the MAC (constant-time) and decrypts. Throws `ECIESError` for a wrong first byte, a
    /// too-short message, an invalid ephemeral point or a MAC mismatch (wrong key, wrong `s2`,
    /// tampering) — it never returns unauthenticated plaintext.
    public static func decrypt(_ ciphertext: [UInt8], with key: PrivateKey, sharedMacData s2: [UInt8] = []) throws -> [UInt8] {
        guard ciphertext.count >= overhead else { throw ECIESError.tooShort(ciphertext.count) }
        guard ciphertext[0] == 0x04 else { throw ECIESError.invalidPrefix(ciphertext[0]) }
        let ephemeral: PublicKey
        do {
            ephemeral = try PublicKey(bytes: ciphertext[0..<65])
        } catch {
            throw ECIESError.invalidEphemeralKey
        }
        let keys = try DerivedKeys(shared: key.sharedSecretX(with: ephemeral))
        let macStart = ciphertext.count - 32
        let iv = Array(ciphertext[65..<81])
        let body = Array(ciphertext[81..<macStart])
        let expected = KDF.hmacSHA256(key: keys.mac, data: iv + body + s2)
        guard ConstantTime.equals(expected, ciphertext[macStart...]) else { throw ECIESError.macMismatch }
        return try AESCTR.apply(key: keys.encryption, iv: iv, body)
    }

    /// `kE` and `kM` from the ECDH secret.
    private struct DerivedKeys {
        let encryption: [UInt8]
        let mac: [UInt8]

        init(shared: [UInt8]) {
            var shared = shared
            var material = KDF.concatKDFSHA256(z: shared, s1: [], length: 32)
            encryption = Array(material[0..<16])
            mac = SHA2.sha256(material[16..<32])
            secureZero(&material)
            secureZero(&shared)
        }
    }
}

/// Why an ECIES message could not be decrypted (or encrypted).
public enum ECIESError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Shorter than the 113-byte overhead.
    case tooShort(Int)
    /// The first byte is not 0x04 (uncompressed ephemeral key).
    case invalidPrefix(UInt8)
    /// The ephemeral key is not a point on the curve.
    case invalidEphemeralKey
    /// The HMAC does not match: wrong recipient key, wrong shared MAC data, or tampering.
    case macMismatch
    /// A deterministic-encryption IV is not 16 bytes.
    case invalidIVLength(Int)

    public var description: String {
        switch self {
        case .tooShort(let count):
            return "ECIES message is \(count) bytes; it needs at least 113 (65 key + 16 IV + 32 MAC)"
        case .invalidPrefix(let byte):
            return "ECIES message starts with 0x\(Hex.encode([byte])); it must start with 0x04 (uncompressed ephemeral key)"
        case .invalidEphemeralKey:
            return "ECIES ephemeral public key is not a valid secp256k1 point"
        case .macMismatch:
            return "ECIES MAC mismatch: the message was not encrypted to this key, uses other shared MAC data (s2), or was altered"
        case .invalidIVLength(let count):
            return "ECIES IV must be 16 bytes, got \(count)"
        }
    }
}
