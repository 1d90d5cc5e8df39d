import Crypto
import CryptoExtras
import Foundation

/// The key-derivation and MAC functions the Status stack uses (wire-facts §0.6), returning `[UInt8]`.
///
/// HMAC and HKDF come from swift-crypto, PBKDF2 from swift-crypto's CryptoExtras (with
/// `unsafeUncheckedRounds`, because protocol iteration counts such as Waku's 65 356 and BIP-39's
/// 2 048 are below CryptoExtras' safety floor). ConcatKDF is the NIST SP 800-56A construction ECIES uses.
///
/// Note: CryptoExtras also declares a `KDF`; inside code that imports both, write `Primitives.KDF`.
public enum KDF {
    /// HMAC-SHA256(key, data), 32 bytes.
    public static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// HMAC-SHA512(key, data), 64 bytes (BIP-32).
    public static func hmacSHA512(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA512>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// HKDF-SHA256 extract-then-expand (RFC 5869). `outputLength` must be 1…8160 (255 · 32).
    public static func hkdfSHA256(ikm: [UInt8], salt: [UInt8], info: [UInt8], outputLength: Int) -> [UInt8] {
        precondition(outputLength > 0 && outputLength <= 255 * 32, "HKDF-SHA256 output length must be 1…8160 bytes")
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: ikm), salt: salt,
                                         info: info, outputByteCount: outputLength)
        return key.withUnsafeBytes { Array($0) }
    }

    /// HKDF-SHA256 extract step: the 32-byte pseudo-random key `HMAC(salt, ikm)`.
    public static func hkdfExtractSHA256(ikm: [UInt8], salt: [UInt8]) -> [UInt8] {
        Array(HKDF<SHA256>.extract(inputKeyMaterial: SymmetricKey(data: ikm), salt: salt))
    }

    /// HKDF-SHA256 expand step from a pseudo-random key. `outputLength` must be 1…8160.
    public static func hkdfExpandSHA256(prk: [UInt8], info: [UInt8], outputLength: Int) -> [UInt8] {
        precondition(outputLength > 0 && outputLength <= 255 * 32, "HKDF-SHA256 output length must be 1…8160 bytes")
        let key = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: info, outputByteCount: outputLength)
        return key.withUnsafeBytes { Array($0) }
    }

    /// PBKDF2-HMAC-SHA256 (Waku symmetric keys from passwords: empty salt, 65 356 iterations, 32 bytes).
    public static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) throws -> [UInt8] {
        try pbkdf2(password: password, salt: salt, iterations: iterations, length: length, hash: .sha256)
    }

    /// PBKDF2-HMAC-SHA512 (BIP-39 seeds: salt "mnemonic" ‖ passphrase, 2 048 iterations, 64 bytes).
    public static func pbkdf2SHA512(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) throws -> [UInt8] {
        try pbkdf2(password: password, salt: salt, iterations: iterations, length: length, hash: .sha512)
    }

    private static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int, length: Int,
                               hash: CryptoExtras.KDF.Insecure.PBKDF2.HashFunction) throws -> [UInt8] {
        guard iterations >= 1 else { throw KDFError.invalidIterations(iterations) }
        guard length >= 1 else { throw KDFError.invalidOutputLength(length) }
        do {
            let key = try CryptoExtras.KDF.Insecure.PBKDF2.deriveKey(
                from: password, salt: salt, using: hash, outputByteCount: length, unsafeUncheckedRounds: iterations)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw KDFError.backend("\(error)")
        }
    }

    /// NIST SP 800-56A Concatenation KDF with SHA-256 as go-ethereum's ECIES uses it:
    /// `SHA256(BE32(counter) ‖ z ‖ s1)` for counter = 1, 2, …, concatenated and cut to `length`.
    public static func concatKDFSHA256(z: [UInt8], s1: [UInt8], length: Int) -> [UInt8] {
        guard length > 0 else { return [] }
        let secret = Array(z), shared = Array(s1)
        var out: [UInt8] = []
        out.reserveCapacity(length + 32)
        var counter: UInt32 = 1
        while out.count < length {
            var hasher = SHA256()
            hasher.update(data: [UInt8(counter >> 24), UInt8(truncatingIfNeeded: counter >> 16),
                                 UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter)])
            hasher.update(data: secret)
            hasher.update(data: shared)
            out.append(contentsOf: hasher.finalize())
            counter &+= 1
        }
        return Array(out.prefix(length))
    }
}

/// Why a key derivation was refused.
public enum KDFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// PBKDF2 needs at least one iteration.
    case invalidIterations(Int)
    /// The requested output length is zero or negative.
    case invalidOutputLength(Int)
    /// swift-crypto reported an error (message included).
    case backend(String)

    public var description: String {
        switch self {
        case .invalidIterations(let count): return "PBKDF2 needs at least 1 iteration, got \(count)"
        case .invalidOutputLength(let count): return "key derivation output length must be at least 1 byte, got \(count)"
        case .backend(let message): return "key derivation failed in swift-crypto: \(message)"
        }
    }
}
