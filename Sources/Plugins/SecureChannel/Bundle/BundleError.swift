/// Why a received bundle was rejected. A rejected bundle stores nothing.
public enum BundleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `identity` is not a 33-byte compressed secp256k1 key.
    case invalidIdentityKey(length: Int)
    /// `signature` is not a 65-byte recoverable signature.
    case malformedSignature(length: Int)
    /// The signature does not recover to the bundle's identity (forged, or the material was altered).
    case signatureMismatch
    /// The bundle is validly signed, but by someone other than the message's sender.
    case identityIsNotSender
    /// The bundle lists no signed pre-keys.
    case noSignedPreKeys
    /// A signed pre-key is not a 33-byte compressed secp256k1 key.
    case invalidSignedPreKey(installationID: String, length: Int)
    /// An installation id is empty or is the reserved "none".
    case invalidInstallationID(String)

    public var description: String {
        switch self {
        case .invalidIdentityKey(let length):
            return "bundle identity must be a 33-byte compressed secp256k1 key, got \(length) bytes"
        case .malformedSignature(let length):
            return "bundle signature must be 65 bytes (R ‖ S ‖ V, V 0 or 1), got \(length) bytes"
        case .signatureMismatch:
            return "bundle signature does not match its identity key (forged or altered bundle); ignored"
        case .identityIsNotSender:
            return "bundle is signed by a different identity than the message sender; ignored"
        case .noSignedPreKeys:
            return "bundle lists no signed pre-keys"
        case .invalidSignedPreKey(let id, let length):
            return "signed pre-key of installation \"\(id)\" must be a 33-byte compressed secp256k1 key, got \(length) bytes"
        case .invalidInstallationID(let id):
            return "bundle lists an invalid installation id \"\(id)\" (empty or the reserved \"none\")"
        }
    }
}
