import Crypto
import CryptoExtras
import Foundation

/// Single-block AES encryption (AES-ECB of exactly one block), for RLPx's MAC updates
/// (`mac-cipher = AES-256-ECB(mac-secret)`, SPECS §1.3).
///
/// swift-crypto exposes no raw block cipher, but CTR mode computes `C = P XOR AES_k(counter)`.
/// Encrypting an all-zero block with the input block as the counter therefore yields exactly
/// `AES_k(block)` — one ECB block — without hand-writing AES.
public enum AESBlock {
    /// `AES_key(block)`; key 16/24/32 bytes, block 16 bytes.
    public static func encrypt(key: [UInt8], block: [UInt8]) throws -> [UInt8] {
        try AESCTR.apply(key: key, iv: block, [UInt8](repeating: 0, count: 16))
    }
}
