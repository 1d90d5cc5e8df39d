/// What `EncryptionProtocol.decrypt` recovered from a ProtocolMessage, with what it learnt on the way.
public struct DecryptedMessage: Sendable, Equatable {
    /// How the payload was protected.
    public enum Kind: Sendable, Equatable {
        /// `public_message`: cleartext (public chats, contact codes).
        case publicMessage
        /// A Double Ratchet message (possibly opening a session with an X3DH header).
        case ratchet
        /// The "none" DH fallback.
        case fallback
    }

    /// The application payload.
    public let payload: [UInt8]
    public let kind: Kind
    /// The sender's installation id, as it claims in the message.
    public let senderInstallationID: String
    /// Installations seen for the first time in the message's bundles.
    public let newInstallations: [Installation]
    /// The negotiated-topic secret, when the sender's installation advertises protocol version ≥ 1 (wire-facts §3.7).
    public let sharedSecret: [UInt8]?
}

/// A 1:1 message ready to send, and whether the negotiated-topic secret is agreed with every recipient device.
public struct EncryptedDirectMessage: Sendable, Equatable {
    /// For the recipient's devices (`direct_message` per installation, or `"none"`).
    public let message: Encryption_ProtocolMessage
    /// For our own other enabled installations (pairwise DR), to send to our own identity; `nil` if we have none.
    public let ownDevicesMessage: Encryption_ProtocolMessage?
    /// The recipient installations addressed (never `"none"`), sorted.
    public let installationIDs: [String]
    /// `ECDH_x(my identity, their identity)` — the negotiated-topic secret (wire-facts §3.7, errata #1).
    public let sharedSecret: [UInt8]
    /// `true` once every addressed installation has written to us advertising protocol version ≥ 1.
    public let isNegotiated: Bool

    /// `true` when no bundle was known and the "none" fallback was used.
    public var usedFallback: Bool { message.directMessage[SecureChannelConstants.noInstallationID] != nil }
}
