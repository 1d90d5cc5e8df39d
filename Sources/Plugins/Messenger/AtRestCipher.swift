import CSodium
import DataSync
import Primitives

/// Encrypts what the chat database keeps secret (message bodies, group events, key material) with the
/// account's database key (`m/43'/60'/1581'/1'/0`): XChaCha20-Poly1305 (libsodium), a random 24-byte
/// nonce per value, and the row's identity as associated data so a value cannot be moved to another row.
struct AtRestCipher: Sendable {
    private let key: [UInt8]

    init(key: [UInt8]) {
        precondition(key.count == 32, "the database key is 32 bytes")  // derived, never user input
        _ = sodium_init()
        self.key = key
    }

    /// `nonce(24) ‖ ciphertext ‖ tag(16)`.
    func seal(_ plaintext: [UInt8], binding context: String) -> [UInt8] {
        var nonce = [UInt8](repeating: 0, count: 24)
        randombytes_buf(&nonce, 24)
        let ad = Array(context.utf8)
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        var length: UInt64 = 0
        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(&out, &length, plaintext, UInt64(plaintext.count), ad, UInt64(ad.count), nil, nonce, key)
        return nonce + out.prefix(Int(length))
    }

    /// Opens a sealed value; nil when the key is wrong or the value was tampered with or moved.
    func open(_ sealed: [UInt8], binding context: String) -> [UInt8]? {
        guard sealed.count >= 24 + 16 else { return nil }
        let nonce = Array(sealed.prefix(24)), body = Array(sealed.dropFirst(24))
        let ad = Array(context.utf8)
        var out = [UInt8](repeating: 0, count: body.count - 16)
        var length: UInt64 = 0
        let status = crypto_aead_xchacha20poly1305_ietf_decrypt(&out, &length, nil, body, UInt64(body.count), ad, UInt64(ad.count), nonce, key)
        return status == 0 ? Array(out.prefix(Int(length))) : nil
    }
}

/// MVDS keeps unacknowledged message bodies; they are sealed with the same cipher and key.
extension AtRestCipher: DataSyncBodySealer {}
