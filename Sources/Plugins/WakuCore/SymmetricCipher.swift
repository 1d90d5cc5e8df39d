import CSodium
import Crypto
import Primitives

/// Waku v1 symmetric encryption of a data field (wire-facts §0.5, §2.6, errata #8): AES-256-GCM, no
/// associated data, a random 12-byte nonce **appended**: `ciphertext ‖ tag(16) ‖ nonce(12)`.
///
/// Uses libsodium's AES-256-GCM when the CPU supports it (`crypto_aead_aes256gcm_is_available`),
/// else swift-crypto's `AES.GCM`; both produce the same bytes.
public enum SymmetricCipher {
    /// Nonce length (appended to the ciphertext).
    public static let nonceLength = 12
    /// GCM tag length.
    public static let tagLength = 16
    /// Bytes added to the plaintext: tag + nonce.
    public static let overhead = tagLength + nonceLength

    /// Encrypts `plaintext` under `key` with a fresh random nonce.
    public static func encrypt(_ plaintext: [UInt8], key: SymKey) throws(SymmetricCipherError) -> [UInt8] {
        try encrypt(plaintext, key: key, nonce: SecureRandom.bytes(nonceLength))
    }

    /// Encrypts with a caller-chosen nonce — for tests only: reusing a nonce with a key breaks GCM.
    public static func encrypt(_ plaintext: [UInt8], key: SymKey, nonce: [UInt8]) throws(SymmetricCipherError) -> [UInt8] {
        try encrypt(plaintext, key: key, nonce: nonce, backend: .preferred)
    }

    /// Authenticates and decrypts `ciphertext ‖ tag ‖ nonce`.
    /// - Throws: `.tooShort` below 28 bytes, `.authenticationFailed` for a wrong key or any tampering.
    public static func decrypt(_ sealed: [UInt8], key: SymKey) throws(SymmetricCipherError) -> [UInt8] {
        try decrypt(sealed, key: key, backend: .preferred)
    }

    // MARK: - Backends

    /// The two AES-256-GCM implementations (tests cross-check them).
    enum Backend: CaseIterable {
        case sodium, swiftCrypto

        /// libsodium when the CPU has AES-NI and PCLMUL, else swift-crypto.
        static let preferred: Backend = sodiumAvailable ? .sodium : .swiftCrypto

        /// `sodium_init` must run before the CPU-feature query.
        static let sodiumAvailable: Bool = sodium_init() >= 0 && crypto_aead_aes256gcm_is_available() == 1
    }

    static func encrypt(_ plaintext: [UInt8], key: SymKey, nonce: [UInt8], backend: Backend) throws(SymmetricCipherError) -> [UInt8] {
        guard nonce.count == nonceLength else { throw .invalidNonceLength(nonce.count) }
        switch backend {
        case .sodium:
            guard Backend.sodiumAvailable else { throw .backendUnavailable }
            var out = [UInt8](repeating: 0, count: plaintext.count + overhead)
            var written: UInt64 = 0
            let status = out.withUnsafeMutableBufferPointer { output in
                crypto_aead_aes256gcm_encrypt(output.baseAddress!, &written, plaintext, UInt64(plaintext.count),
                                              nil, 0, nil, nonce, key.bytes)
            }
            guard status == 0, written == UInt64(plaintext.count + tagLength) else { throw .backend("libsodium encryption failed") }
            out.replaceSubrange(plaintext.count + tagLength..<out.count, with: nonce)
            return out
        case .swiftCrypto:
            do {
                let box = try AES.GCM.seal(plaintext, using: SymmetricKey(data: key.bytes), nonce: AES.GCM.Nonce(data: nonce))
                var out = Array(box.ciphertext)
                out.append(contentsOf: box.tag)
                out.append(contentsOf: nonce)
                return out
            } catch {
                throw .backend("\(error)")
            }
        }
    }

    static func decrypt(_ sealed: [UInt8], key: SymKey, backend: Backend) throws(SymmetricCipherError) -> [UInt8] {
        guard sealed.count >= overhead else { throw .tooShort(sealed.count) }
        let nonceStart = sealed.count - nonceLength
        let nonce = Array(sealed[nonceStart...])
        switch backend {
        case .sodium:
            guard Backend.sodiumAvailable else { throw .backendUnavailable }
            let plaintextLength = nonceStart - tagLength
            var out = [UInt8](repeating: 0, count: Swift.max(plaintextLength, 1))
            var written: UInt64 = 0
            let status = sealed.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    crypto_aead_aes256gcm_decrypt(output.baseAddress!, &written, nil, input.baseAddress!, UInt64(nonceStart),
                                                  nil, 0, nonce, key.bytes)
                }
            }
            guard status == 0 else { throw .authenticationFailed }
            out.removeLast(out.count - plaintextLength)
            return out
        case .swiftCrypto:
            let plaintext: [UInt8]
            do {
                let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce),
                                                ciphertext: sealed[0..<(nonceStart - tagLength)],
                                                tag: sealed[(nonceStart - tagLength)..<nonceStart])
                plaintext = Array(try AES.GCM.open(box, using: SymmetricKey(data: key.bytes)))
            } catch {
                throw .authenticationFailed
            }
            return plaintext
        }
    }
}

/// Why symmetric encryption or decryption failed.
public enum SymmetricCipherError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Shorter than tag + nonce (28 bytes): cannot be a symmetric message.
    case tooShort(Int)
    /// The GCM tag does not verify: wrong key, or the bytes were altered.
    case authenticationFailed
    /// A caller-supplied nonce is not 12 bytes.
    case invalidNonceLength(Int)
    /// libsodium's AES-256-GCM is not usable on this CPU (only when forced in tests).
    case backendUnavailable
    /// The crypto library reported an error (message included).
    case backend(String)

    public var description: String {
        switch self {
        case .tooShort(let count):
            return "symmetric message is \(count) bytes; it needs at least 28 (16-byte tag + 12-byte nonce)"
        case .authenticationFailed:
            return "AES-GCM authentication failed: not encrypted with this key, or altered in transit"
        case .invalidNonceLength(let count):
            return "AES-GCM nonce must be 12 bytes, got \(count)"
        case .backendUnavailable:
            return "libsodium AES-256-GCM needs AES-NI and PCLMUL, which this CPU lacks"
        case .backend(let message):
            return "AES-GCM failed in the crypto library: \(message)"
        }
    }
}
