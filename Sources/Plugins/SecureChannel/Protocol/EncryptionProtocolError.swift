/// Why `EncryptionProtocol` could not build or read a message. Every failure of a received message is one of
/// these (never a trap), and a refused message leaves sessions, keys and bundles as they were.
public enum EncryptionProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Our installation id is empty or the reserved "none".
    case invalidInstallationID(String)
    /// The bytes are not a ProtocolMessage, or a header is inconsistent.
    case malformedMessage(String)
    /// A bundle in the message (or handed in) failed verification; nothing was stored.
    case bundleRejected(BundleError)
    /// The message is for other devices: no entry for our installation and no "none" entry.
    case deviceNotFound
    /// Our own identity wrote from an installation that did not address us (not paired).
    case notPairedDevice(installationID: String)
    /// Our own message came back to us; there is nothing to decrypt.
    case ownMessage
    /// Neither a public message nor any direct-message entry.
    case noPayload
    /// The entry for us has neither a DR header nor a DH header.
    case noKeyMaterial
    /// A DR message for a session we do not have (and no X3DH header to start one).
    case sessionNotFound
    /// The installation is not known for our identity.
    case unknownInstallation(String)
    /// X3DH failed (bad header keys, or a signed pre-key we do not hold).
    case x3dh(X3DHError)
    /// The Double Ratchet refused the message (replay, tampering, too many skipped).
    case ratchet(RatchetError)
    /// The "none" fallback failed.
    case fallback(DHFallbackError)
    /// The store failed.
    case storage(SecureChannelStoreError)
    /// Signing our bundle failed (practically unreachable).
    case signingFailed(String)

    /// Maps any error thrown inside the protocol to its case.
    init(wrapping error: any Error) {
        switch error {
        case let error as EncryptionProtocolError: self = error
        case let error as BundleError: self = .bundleRejected(error)
        case let error as X3DHError: self = .x3dh(error)
        case let error as RatchetError: self = .ratchet(error)
        case let error as DHFallbackError: self = .fallback(error)
        case let error as SecureChannelStoreError: self = .storage(error)
        default: self = .storage(.corruptRow(table: "unknown", reason: "\(error)"))
        }
    }

    public var description: String {
        switch self {
        case .invalidInstallationID(let id):
            return "installation id \"\(id)\" is not usable: it must be non-empty and not \"none\""
        case .malformedMessage(let reason):
            return "not a valid ProtocolMessage: \(reason)"
        case .bundleRejected(let error):
            return "bundle rejected: \(error)"
        case .deviceNotFound:
            return "message is addressed to other devices of this identity, not to this installation"
        case .notPairedDevice(let id):
            return "message from our own installation \"\(id)\", which has not paired with this device; enable it to sync"
        case .ownMessage:
            return "this is our own message echoed back; nothing to decrypt"
        case .noPayload:
            return "ProtocolMessage carries neither a public message nor direct messages"
        case .noKeyMaterial:
            return "direct message for this installation has neither a DR header nor a DH header"
        case .sessionNotFound:
            return "no Double Ratchet session for this message; the sender must start one with an X3DH header"
        case .unknownInstallation(let id):
            return "installation \"\(id)\" is unknown for our identity; receive one of its bundles first"
        case .x3dh(let error):
            return "\(error)"
        case .ratchet(let error):
            return "\(error)"
        case .fallback(let error):
            return "\(error)"
        case .storage(let error):
            return "\(error)"
        case .signingFailed(let message):
            return "could not sign our bundle: \(message)"
        }
    }
}
