import CSodium
import Primitives

/// Argon2id cost parameters for sealing a secret under a passphrase (libsodium `crypto_pwhash`).
public struct KeystoreParameters: Sendable, Equatable, Codable {
    /// Argon2id passes.
    public let opsLimit: UInt64
    /// Argon2id memory in bytes.
    public let memLimit: UInt64

    /// Explicit costs; checked against libsodium's Argon2id bounds and Parley's ceiling (16 passes, 1 GiB).
    public init(opsLimit: UInt64, memLimit: UInt64) throws {
        guard KeystoreParameters.opsRange.contains(opsLimit), KeystoreParameters.memRange.contains(memLimit) else {
            throw KeystoreError.unsupportedParameters(opsLimit: opsLimit, memLimit: memLimit)
        }
        self.opsLimit = opsLimit
        self.memLimit = memLimit
    }

    /// The default: 3 passes over 128 MiB (about half a second on the reference machine).
    public static let standard = KeystoreParameters(checked: 3, 128 << 20)
    /// The cheapest libsodium allows (1 pass, 8 KiB) — for tests only.
    public static let testing = KeystoreParameters(checked: 1, 8192)

    static let opsRange: ClosedRange<UInt64> = 1...16
    static let memRange: ClosedRange<UInt64> = 8192...(1 << 30)

    private init(checked ops: UInt64, _ mem: UInt64) {
        opsLimit = ops
        memLimit = mem
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(opsLimit: container.decode(UInt64.self, forKey: .opsLimit),
                      memLimit: container.decode(UInt64.self, forKey: .memLimit))
    }
}

/// Seals a secret under a passphrase: Argon2id (libsodium, ARGON2ID13) derives a 32-byte key from the
/// passphrase and a random 16-byte salt; XChaCha20-Poly1305 (IETF, 24-byte random nonce) encrypts and
/// authenticates the secret together with caller-supplied associated data.
enum SeedSealer {
    struct Sealed: Equatable {
        let salt: [UInt8]
        let nonce: [UInt8]
        let ciphertext: [UInt8]
    }

    static let ready: Bool = sodium_init() >= 0
    static var saltBytes: Int { Int(crypto_pwhash_saltbytes()) }
    static var nonceBytes: Int { Int(crypto_aead_xchacha20poly1305_ietf_npubbytes()) }
    static var tagBytes: Int { Int(crypto_aead_xchacha20poly1305_ietf_abytes()) }

    static func seal(_ secret: [UInt8], passphrase: [UInt8], parameters: KeystoreParameters,
                     associatedData: [UInt8]) throws -> Sealed {
        let salt = SecureRandom.bytes(saltBytes)
        let nonce = SecureRandom.bytes(nonceBytes)
        var key = try deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        defer { secureZero(&key) }
        var ciphertext = [UInt8](repeating: 0, count: secret.count + tagBytes)
        var length: UInt64 = 0
        let status = crypto_aead_xchacha20poly1305_ietf_encrypt(
            &ciphertext, &length, secret, UInt64(secret.count), associatedData, UInt64(associatedData.count),
            nil, nonce, key)
        guard status == 0 else { throw KeystoreError.cryptoFailure("XChaCha20-Poly1305 encryption failed") }
        return Sealed(salt: salt, nonce: nonce, ciphertext: Array(ciphertext.prefix(Int(length))))
    }

    /// The secret, or `nil` when the passphrase (or the associated data) is wrong.
    static func open(_ sealed: Sealed, passphrase: [UInt8], parameters: KeystoreParameters,
                     associatedData: [UInt8]) throws -> [UInt8]? {
        guard sealed.salt.count == saltBytes, sealed.nonce.count == nonceBytes, sealed.ciphertext.count >= tagBytes else {
            throw KeystoreError.cryptoFailure("sealed secret has the wrong salt, nonce or ciphertext size")
        }
        var key = try deriveKey(passphrase: passphrase, salt: sealed.salt, parameters: parameters)
        defer { secureZero(&key) }
        var plaintext = [UInt8](repeating: 0, count: sealed.ciphertext.count - tagBytes)
        var length: UInt64 = 0
        let status = plaintext.withUnsafeMutableBufferPointer { out in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                out.baseAddress, &length, nil, sealed.ciphertext, UInt64(sealed.ciphertext.count),
                associatedData, UInt64(associatedData.count), sealed.nonce, key)
        }
        guard status == 0 else {
            secureZero(&plaintext)
            return nil
        }
        return plaintext
    }

    static func deriveKey(passphrase: [UInt8], salt: [UInt8], parameters: KeystoreParameters) throws -> [UInt8] {
        precondition(ready, "libsodium failed to initialise")
        var key = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_keybytes()))
        // A non-empty buffer even for an empty passphrase, so the pointer is never nil.
        var password = passphrase.isEmpty ? [0] : passphrase
        defer { secureZero(&password) }
        let status = password.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                crypto_pwhash(&key, UInt64(key.count), chars.baseAddress!, UInt64(passphrase.count), salt,
                              parameters.opsLimit, Int(parameters.memLimit), crypto_pwhash_alg_argon2id13())
            }
        }
        guard status == 0 else {
            throw KeystoreError.cryptoFailure("Argon2id could not allocate \(parameters.memLimit >> 20) MiB")
        }
        return key
    }
}
