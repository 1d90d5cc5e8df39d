import Crypto
import Foundation

/// AES-128-GCM over a discv5 message: `ad = masking-iv ‖ header`, 12-byte nonce, tag appended
/// (discv5-wire.md "Message encryption"). Backed by swift-crypto.
public enum MessageCipher {
    public static func seal(key: [UInt8], nonce: [UInt8], plaintext: [UInt8], authenticatedData: [UInt8]) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: SymmetricKey(data: key), nonce: AES.GCM.Nonce(data: nonce),
                                   authenticating: authenticatedData)
        return Array(box.ciphertext) + Array(box.tag)
    }

    /// Throws `Discv5WireError.decryptionFailed` for a wrong key, nonce, AD or a forged tag.
    public static func open(key: [UInt8], nonce: [UInt8], ciphertext: [UInt8], authenticatedData: [UInt8]) throws(Discv5WireError) -> [UInt8] {
        guard ciphertext.count >= 16, key.count == 16, nonce.count == 12 else { throw .decryptionFailed }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce), ciphertext: ciphertext.dropLast(16),
                                            tag: ciphertext.suffix(16))
            return Array(try AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: authenticatedData))
        } catch {
            throw .decryptionFailed
        }
    }
}
