import Primitives
import Crypto
import Foundation

/// The discv5.1 handshake key schedule (discv5-theory.md "Handshake"; wire-facts §1.8.3): compressed-point
/// ECDH, HKDF-SHA256 with the WHOAREYOU `challenge-data` as salt, and the id-nonce signature.
public enum HandshakeCrypto {
    static let keyAgreementInfo = Array("discovery v5 key agreement".utf8)
    static let identityProofPrefix = Array("discovery v5 identity proof".utf8)

    /// The two 16-byte session keys: `initiatorKey` protects A→B, `recipientKey` B→A.
    public struct SessionKeys: Sendable, Equatable {
        public let initiatorKey: [UInt8]
        public let recipientKey: [UInt8]
    }

    /// `ecdh(privateKey, publicKey)` as the 33-byte compressed point.
    public static func sharedSecret(_ key: PrivateKey, _ peer: PublicKey) throws -> [UInt8] {
        try key.sharedSecretCompressed(with: peer)
    }

    /// HKDF-Extract(salt = challenge-data, ikm = secret), Expand(info = "discovery v5 key agreement" ‖ A ‖ B, 32).
    public static func deriveKeys(secret: [UInt8], initiatorID: [UInt8], recipientID: [UInt8], challengeData: [UInt8]) -> SessionKeys {
        let keyData = KDF.hkdfSHA256(ikm: secret, salt: challengeData, info: keyAgreementInfo + initiatorID + recipientID,
                                      outputLength: 32)
        return SessionKeys(initiatorKey: Array(keyData[0..<16]), recipientKey: Array(keyData[16..<32]))
    }

    /// `sha256("discovery v5 identity proof" ‖ challenge-data ‖ ephemeral-pubkey ‖ node-id-B)`.
    public static func idSignatureDigest(challengeData: [UInt8], ephemeralKey: [UInt8], recipientID: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: identityProofPrefix + challengeData + ephemeralKey + recipientID))
    }

    public static func signIDNonce(_ key: PrivateKey, challengeData: [UInt8], ephemeralKey: [UInt8], recipientID: [UInt8]) throws -> [UInt8] {
        try key.signCompact(digest: idSignatureDigest(challengeData: challengeData, ephemeralKey: ephemeralKey, recipientID: recipientID))
    }

    public static func verifyIDNonce(_ signature: [UInt8], by key: PublicKey, challengeData: [UInt8], ephemeralKey: [UInt8],
                                     recipientID: [UInt8]) -> Bool {
        key.verifyCompact(signature64: signature,
                          digest: idSignatureDigest(challengeData: challengeData, ephemeralKey: ephemeralKey, recipientID: recipientID))
    }
}
