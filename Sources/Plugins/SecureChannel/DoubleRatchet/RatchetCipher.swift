import Primitives

/// The Double Ratchet AEAD status-go uses (wire-facts §3.4, errata #5): AES-256-CTR with an IV from HKDF, then
/// HMAC-SHA256 over `ad ‖ iv ‖ ct`. Output: `iv(16) ‖ ct ‖ mac(32)`.
enum RatchetCipher {
    static let ivLength = 16
    static let macLength = 32

    /// Encrypts `plaintext` under the message key, authenticating `associatedData`.
    static func seal(messageKey: [UInt8], plaintext: [UInt8], associatedData: [UInt8]) throws(RatchetError) -> [UInt8] {
        let keys = RatchetKDF.messageKeys(messageKey)
        var out = keys.iv
        do {
            out += try AESCTR.apply(key: keys.encryptionKey, iv: keys.iv, plaintext)
        } catch {
            throw .keyAgreementFailed("AES-CTR: \(error)")
        }
        out += Primitives.KDF.hmacSHA256(key: keys.authenticationKey, data: associatedData + out)
        return out
    }

    /// Verifies the MAC (constant time) and decrypts. Nothing is decrypted unless the MAC verifies.
    static func open(messageKey: [UInt8], sealed: [UInt8], associatedData: [UInt8]) throws(RatchetError) -> [UInt8] {
        guard sealed.count >= ivLength + macLength else { throw .ciphertextTooShort(sealed.count) }
        let keys = RatchetKDF.messageKeys(messageKey)
        let body = Array(sealed[0..<(sealed.count - macLength)])
        let mac = sealed[(sealed.count - macLength)...]
        let expected = Primitives.KDF.hmacSHA256(key: keys.authenticationKey, data: associatedData + body)
        guard ConstantTime.equals(expected, mac) else { throw .authenticationFailed }
        do {
            // The IV travels in the message; status-go uses it as sent (it equals the derived one).
            return try AESCTR.apply(key: keys.encryptionKey, iv: Array(body[0..<ivLength]), Array(body[ivLength...]))
        } catch {
            throw .keyAgreementFailed("AES-CTR: \(error)")
        }
    }
}
