import Primitives

/// The Double Ratchet key derivations status-go's `EthereumCrypto` uses (wire-facts §3.4, errata #5) — not
/// Signal's constants.
enum RatchetKDF {
    /// HKDF info of the root chain step.
    static let rootInfo = Array("rsZUpEuXUqqwXBvSy3EcievAh4cMj6QL".utf8)
    /// HKDF info of the per-message key expansion.
    static let messageInfo = Array("pcwSByyx2CRdryCffXJwy7xgVZWtW5Sh".utf8)

    /// KDF_RK: `HKDF-SHA256(IKM = dh, salt = rk, info)` → 96 bytes `rootKey ‖ chainKey ‖ headerKey`
    /// (the header key is unused: no header encryption).
    static func rootStep(rootKey: [UInt8], dhOutput: [UInt8]) -> (rootKey: [UInt8], chainKey: [UInt8]) {
        let out = Primitives.KDF.hkdfSHA256(ikm: dhOutput, salt: rootKey, info: rootInfo, outputLength: 96)
        return (Array(out[0..<32]), Array(out[32..<64]))
    }

    /// KDF_CK: next chain key `HMAC(ck, 0x0f)`, message key `HMAC(ck, 0x10)`.
    static func chainStep(_ chainKey: [UInt8]) -> (chainKey: [UInt8], messageKey: [UInt8]) {
        (Primitives.KDF.hmacSHA256(key: chainKey, data: [0x0f]), Primitives.KDF.hmacSHA256(key: chainKey, data: [0x10]))
    }

    /// `HKDF-SHA256(IKM = mk, salt = 32×00, info)` → 80 bytes `encKey ‖ authKey ‖ iv`.
    static func messageKeys(_ messageKey: [UInt8]) -> (encryptionKey: [UInt8], authenticationKey: [UInt8], iv: [UInt8]) {
        let out = Primitives.KDF.hkdfSHA256(ikm: messageKey, salt: [UInt8](repeating: 0, count: 32),
                                            info: messageInfo, outputLength: 80)
        return (Array(out[0..<32]), Array(out[32..<64]), Array(out[64..<80]))
    }
}
