import Crypto
import CryptoExtras
import Foundation

/// Single-block AES encryption (AES-ECB of exactly one block), for RLPx's MAC updates
/// (`mac-cipher = AES-256-ECB(mac-secret)`, wire-facts §1.3), through swift-crypto's AES block
/// permutation (`AES.permute`, BoringSSL's `AES_encrypt`).
public enum AESBlock {
    /// `AES_key(block)`; key 16/24/32 bytes, block 16 bytes.
    public static func encrypt(key: [UInt8], block: [UInt8]) throws -> [UInt8] {
        try AESBlockCipher(key: key).encrypt(block)
    }
}

/// A keyed single-block AES encryptor, for callers that encrypt many blocks under one key (the
/// RLPx MAC updates four blocks per frame).
public struct AESBlockCipher: Sendable {
    private let key: SymmetricKey

    public init(key: [UInt8]) throws {
        try AESValidation.check(key: key, block: [UInt8](repeating: 0, count: 16))
        self.key = SymmetricKey(data: key)
    }

    /// `AES_key(block)` for a 16-byte block.
    public func encrypt(_ block: [UInt8]) throws -> [UInt8] {
        guard block.count == 16 else { throw AESError.invalidBlockLength(block.count) }
        var output = block
        try AES.permute(&output, key: key)
        return output
    }
}
