import Foundation
import Primitives

extension EncryptionProtocol {
    /// Encrypts a 1:1 payload for every active installation of `recipient` (≤ 3, newest bundle first, never our
    /// own installation): Double Ratchet where a session exists, X3DH + DR where only a bundle is known, the
    /// "none" fallback when nothing is known. Also builds the pairwise copy for our own other enabled devices.
    /// Every message carries `bundles = [our bundle]`.
    public func encrypt(_ payload: [UInt8], to recipient: PublicKey) throws(EncryptionProtocolError) -> EncryptedDirectMessage {
        try atomically {
            let bundle = try currentBundle()
            let toRecipient = try directMessage(payload, to: recipient, bundle: bundle)
            var toOwnDevices: Encryption_ProtocolMessage?
            if recipient != identity {
                let own = try directMessage(payload, to: identity, bundle: bundle)
                if !own.directMessage.isEmpty { toOwnDevices = own }
            }
            let ids = toRecipient.directMessage.keys.filter { $0 != SecureChannelConstants.noInstallationID }.sorted()
            return EncryptedDirectMessage(message: toRecipient, ownDevicesMessage: toOwnDevices, installationIDs: ids,
                                          sharedSecret: try sharedSecretBytes(with: recipient),
                                          isNegotiated: try hasAgreedSecret(with: recipient, installationIDs: ids))
        }
    }

    /// `{installation_id, bundles = [our bundle], public_message = payload}` for public chats and contact codes.
    public func wrapPublic(_ payload: [UInt8]) throws(EncryptionProtocolError) -> Encryption_ProtocolMessage {
        try atomically {
            var message = Encryption_ProtocolMessage()
            message.installationID = installationID
            message.bundles = [try currentBundle()]
            message.publicMessage = Data(payload)
            return message
        }
    }

    /// A message that any device of `recipient` can read: only the "none" fallback, plus our bundle
    /// (status-go `BuildDHMessage`; pairing and bundle re-advertisement with an empty payload).
    public func encryptWithFallback(_ payload: [UInt8], to recipient: PublicKey) throws(EncryptionProtocolError) -> Encryption_ProtocolMessage {
        try atomically {
            var message = Encryption_ProtocolMessage()
            message.installationID = installationID
            message.directMessage[SecureChannelConstants.noInstallationID] = try DHFallback.encrypt(payload, to: recipient)
            message.bundles = [try currentBundle()]
            return message
        }
    }

    /// The ProtocolMessage for one identity's devices. For someone else with nothing usable, the "none"
    /// fallback; for ourselves, possibly empty.
    func directMessage(_ payload: [UInt8], to recipient: PublicKey, bundle: Encryption_Bundle) throws -> Encryption_ProtocolMessage {
        var message = Encryption_ProtocolMessage()
        message.installationID = installationID
        message.bundles = [bundle]
        let peer = recipient.compressed
        for target in try targetInstallations(of: recipient) {
            if let info = try activeRatchetInfo(identity: peer, installationID: target.id) {
                message.directMessage[target.id] = try encryptOnSession(info, payload: payload)
            } else if let preKey = try activePreKey(identity: peer, installationID: target.id) {
                let info = try startSession(with: recipient, installationID: target.id, signedPreKey: preKey)
                message.directMessage[target.id] = try encryptOnSession(info, payload: payload)
            }
        }
        if message.directMessage.isEmpty && recipient != identity {
            message.directMessage[SecureChannelConstants.noInstallationID] = try DHFallback.encrypt(payload, to: recipient)
        }
        return message
    }

    /// The installations a message to `recipient` goes to: enabled, newest first, at most 3 per identity
    /// counting ourselves (so at most 2 of our own others), never this installation.
    func targetInstallations(of recipient: PublicKey) throws -> [Installation] {
        if recipient == identity { return try ourActiveOtherInstallations() }
        return Array(try store.installations(identity: recipient.compressed)
            .filter { $0.enabled && $0.id != installationID }
            .prefix(SecureChannelConstants.maxInstallations))
    }
}
