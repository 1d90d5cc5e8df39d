import Foundation
import Primitives

/// X3DH as status-go runs it (wire-facts §3.3, errata #6): no one-time pre-keys, `SK = keccak256(DH1 ‖ DH2 ‖ DH3)`
/// with `DH = ECDH_x`, no HKDF. The initiator's identity key is not in the header (it is the message signer).
public enum X3DH {
    /// Initiator A: `DH1 = DH(IK_A, SPK_B)`, `DH2 = DH(EK_A, IK_B)`, `DH3 = DH(EK_A, SPK_B)`.
    public static func initiatorSecret(myIdentity: PrivateKey, myEphemeral: PrivateKey, theirIdentity: PublicKey,
                                       theirSignedPreKey: PublicKey) throws(X3DHError) -> [UInt8] {
        try secret(agree(myIdentity, theirSignedPreKey), agree(myEphemeral, theirIdentity),
                   agree(myEphemeral, theirSignedPreKey))
    }

    /// Responder B: `DH1 = DH(SPK_B, IK_A)`, `DH2 = DH(IK_B, EK_A)`, `DH3 = DH(SPK_B, EK_A)`.
    public static func responderSecret(mySignedPreKey: PrivateKey, myIdentity: PrivateKey, theirIdentity: PublicKey,
                                       theirEphemeral: PublicKey) throws(X3DHError) -> [UInt8] {
        try secret(agree(mySignedPreKey, theirIdentity), agree(myIdentity, theirEphemeral),
                   agree(mySignedPreKey, theirEphemeral))
    }

    /// Starts a session with a fresh ephemeral key: the shared secret and the header to repeat until answered.
    public static func initiate(myIdentity: PrivateKey, theirIdentity: PublicKey, theirSignedPreKey: PublicKey,
                                ephemeral: PrivateKey = .generate()) throws(X3DHError) -> X3DHInitiation {
        let sharedKey = try initiatorSecret(myIdentity: myIdentity, myEphemeral: ephemeral, theirIdentity: theirIdentity,
                                            theirSignedPreKey: theirSignedPreKey)
        var header = Encryption_X3DHHeader()
        header.key = Data(ephemeral.publicKey.compressed)
        header.id = Data(theirSignedPreKey.compressed)
        return X3DHInitiation(sharedKey: sharedKey, ephemeralKey: ephemeral, header: header)
    }

    private static func agree(_ key: PrivateKey, _ peer: PublicKey) throws(X3DHError) -> [UInt8] {
        do { return try key.sharedSecretX(with: peer) } catch { throw .keyAgreementFailed("\(error)") }
    }

    private static func secret(_ dh1: [UInt8], _ dh2: [UInt8], _ dh3: [UInt8]) -> [UInt8] {
        Keccak256.hash(dh1 + dh2 + dh3)
    }
}

/// The initiator's side of a fresh X3DH: the 32-byte `SK`, the ephemeral key and `X3DHHeader{EK_A, SPK_B}`.
public struct X3DHInitiation: Sendable {
    public let sharedKey: [UInt8]
    public let ephemeralKey: PrivateKey
    public let header: Encryption_X3DHHeader
}

/// Why an X3DH agreement failed.
public enum X3DHError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A header key is not a 33-byte compressed secp256k1 key.
    case invalidHeaderKey(field: String, length: Int)
    /// The header names a signed pre-key we never published (or no longer hold).
    case unknownSignedPreKey
    /// libsecp256k1 refused an ECDH (practically unreachable with validated keys).
    case keyAgreementFailed(String)

    public var description: String {
        switch self {
        case .invalidHeaderKey(let field, let length):
            return "X3DH header \(field) must be a 33-byte compressed secp256k1 key, got \(length) bytes"
        case .unknownSignedPreKey:
            return "X3DH header names a signed pre-key this installation does not hold; the sender has an old or foreign bundle"
        case .keyAgreementFailed(let message):
            return "X3DH key agreement failed: \(message)"
        }
    }
}
