import Crypto
import Foundation

/// Noise `CipherState` for ChaChaPoly: a 32-byte key and a 64-bit counter nonce
/// (4 zero bytes ‖ little-endian counter), AEAD from swift-crypto.
public struct NoiseCipherState: Sendable {
    static let tagLength = 16
    var key: SymmetricKey?
    var nonce: UInt64 = 0

    init(key: [UInt8]? = nil) { self.key = key.map { SymmetricKey(data: $0) } }

    var hasKey: Bool { key != nil }

    static func nonceBytes(_ n: UInt64) -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        for i in 0..<8 { bytes[4 + i] = UInt8(truncatingIfNeeded: n >> (8 * UInt64(i))) }
        return try! ChaChaPoly.Nonce(data: bytes)   // 12 bytes is always valid
    }

    /// Encrypts (or passes through before a key is set) with associated data `ad`.
    public mutating func encrypt(ad: [UInt8] = [], _ plaintext: [UInt8]) throws -> [UInt8] {
        guard let key else { return plaintext }
        guard nonce < UInt64.max else { throw NoiseError.nonceExhausted }
        let box = try ChaChaPoly.seal(plaintext, using: key, nonce: Self.nonceBytes(nonce), authenticating: ad)
        nonce += 1
        return Array(box.ciphertext) + Array(box.tag)
    }

    /// Seals `plaintext` (no associated data) and hands `ciphertext ‖ tag` to `body` without copying it
    /// into an array first: the transport's one-copy path.
    mutating func encrypt<Plain: DataProtocol>(_ plaintext: Plain, body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let key else { return try Array(plaintext).withUnsafeBytes(body) }
        guard nonce < UInt64.max else { throw NoiseError.nonceExhausted }
        let box = try ChaChaPoly.seal(plaintext, using: key, nonce: Self.nonceBytes(nonce))
        nonce += 1
        // `combined` is nonce ‖ ciphertext ‖ tag in one buffer.
        try box.combined.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[12...])) }
    }

    /// Opens `ciphertext ‖ tag` (no associated data) and hands the plaintext to `body`.
    mutating func decrypt(_ ciphertext: UnsafeRawBufferPointer, body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let key else { return try body(ciphertext) }
        guard nonce < UInt64.max else { throw NoiseError.nonceExhausted }
        guard ciphertext.count >= Self.tagLength else { throw NoiseError.decryptFailed }
        let split = ciphertext.count - Self.tagLength
        let plain: Data
        do {
            let box = try ChaChaPoly.SealedBox(nonce: Self.nonceBytes(nonce), ciphertext: UnsafeRawBufferPointer(rebasing: ciphertext[..<split]),
                                               tag: UnsafeRawBufferPointer(rebasing: ciphertext[split...]))
            plain = try ChaChaPoly.open(box, using: key)
        } catch {
            throw NoiseError.decryptFailed
        }
        nonce += 1
        try plain.withUnsafeBytes(body)
    }

    public mutating func decrypt(ad: [UInt8] = [], _ ciphertext: [UInt8]) throws -> [UInt8] {
        guard let key else { return ciphertext }
        guard nonce < UInt64.max else { throw NoiseError.nonceExhausted }
        guard ciphertext.count >= Self.tagLength else { throw NoiseError.decryptFailed }
        do {
            let box = try ChaChaPoly.SealedBox(nonce: Self.nonceBytes(nonce), ciphertext: ciphertext.dropLast(Self.tagLength),
                                               tag: ciphertext.suffix(Self.tagLength))
            let plain = try ChaChaPoly.open(box, using: key, authenticating: ad)
            nonce += 1
            return Array(plain)
        } catch {
            throw NoiseError.decryptFailed
        }
    }
}
