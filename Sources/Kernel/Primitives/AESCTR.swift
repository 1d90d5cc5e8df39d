import Crypto
import CryptoExtras
import Foundation

/// One-shot AES-CTR (AES-128/192/256 by key size) with a full 128-bit big-endian counter block as IV
/// — the mode go-ethereum's ECIES, RLPx and the Status Double Ratchet use (wire-facts §0.5).
///
/// Backed by swift-crypto's `AES._CTR`. Encryption and decryption are the same operation.
/// For a keystream that continues across calls, use `AESCTRStream`.
public enum AESCTR {
    /// `data` XOR the AES-CTR keystream starting at counter block `iv` (16 bytes).
    public static func apply(key: [UInt8], iv: [UInt8], _ data: [UInt8]) throws -> [UInt8] {
        try AESValidation.check(key: key, block: iv)
        guard !data.isEmpty else { return [] }
        do {
            let nonce = try AES._CTR.Nonce(nonceBytes: iv)
            return Array(try AES._CTR.encrypt(data, using: SymmetricKey(data: key), nonce: nonce))
        } catch {
            throw AESError.backend("\(error)")
        }
    }
}
