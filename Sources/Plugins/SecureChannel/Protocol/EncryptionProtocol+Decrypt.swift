import Foundation
import Primitives
import SwiftProtobuf

extension EncryptionProtocol {
    /// Parses and decrypts a serialized ProtocolMessage from `sender` (the Waku / AMM signer).
    public func decrypt(serialized bytes: [UInt8], from sender: PublicKey) throws(EncryptionProtocolError) -> DecryptedMessage {
        let message: Encryption_ProtocolMessage
        do { message = try Encryption_ProtocolMessage(serializedBytes: bytes) } catch {
            throw .malformedMessage("protobuf decoding failed (\(error))")
        }
        return try decrypt(message, from: sender)
    }

    /// Reads a ProtocolMessage from `sender`: verifies and stores every bundle (all must be the sender's), then
    /// returns the public payload, or decrypts `direct_message[our installation]` (else `["none"]`).
    ///
    /// Ratchet decryption runs on a copy of the session and is committed — with the X3DH session it opens, the
    /// confirmation that stops our X3DH headers and the shared-secret record — in one transaction, only if the
    /// message authenticates.
    public func decrypt(_ message: Encryption_ProtocolMessage, from sender: PublicKey) throws(EncryptionProtocolError) -> DecryptedMessage {
        let newInstallations = try receiveBundles(message.bundles, from: sender)
        if !message.publicMessage.isEmpty {
            return DecryptedMessage(payload: Array(message.publicMessage), kind: .publicMessage,
                                    senderInstallationID: message.installationID, newInstallations: newInstallations,
                                    sharedSecret: nil)
        }
        guard !message.directMessage.isEmpty else { throw .noPayload }
        guard let entry = message.directMessage[installationID] ?? message.directMessage[SecureChannelConstants.noInstallationID] else {
            if sender != identity { throw .deviceNotFound }
            if message.installationID != installationID { throw .notPairedDevice(installationID: message.installationID) }
            throw .ownMessage
        }
        return try atomically {
            let (payload, kind) = try decryptEntry(entry, from: sender, installationID: message.installationID)
            var secret: [UInt8]?
            if Self.protocolVersion(in: message.bundles, installationID: message.installationID)
                >= SecureChannelConstants.sharedSecretNegotiationVersion {
                let value = try sharedSecretBytes(with: sender)
                try store.saveSharedSecret(value, identity: sender.compressed, installationID: message.installationID)
                secret = value
            }
            return DecryptedMessage(payload: payload, kind: kind, senderInstallationID: message.installationID,
                                    newInstallations: newInstallations, sharedSecret: secret)
        }
    }

    private func decryptEntry(_ entry: Encryption_DirectMessageProtocol, from sender: PublicKey,
                              installationID senderInstallation: String) throws -> ([UInt8], DecryptedMessage.Kind) {
        if entry.hasDrHeader {
            return (try decryptRatchet(entry, from: sender, installationID: senderInstallation), .ratchet)
        }
        if entry.hasDhHeader {
            return (try DHFallback.decrypt(entry, identity: identityKey), .fallback)
        }
        throw EncryptionProtocolError.noKeyMaterial
    }

    private func decryptRatchet(_ entry: Encryption_DirectMessageProtocol, from sender: PublicKey,
                                installationID senderInstallation: String) throws -> [UInt8] {
        let drHeader = entry.drHeader
        let header = try RatchetHeader(ratchetKey: drHeader.key, n: drHeader.n, pn: drHeader.pn)
        let bundleID = Array(drHeader.id)
        let peer = sender.compressed
        var info = try store.ratchetInfo(identity: peer, bundleID: bundleID, installationID: senderInstallation)
        var opensSession = false
        if info == nil, entry.hasX3DhHeader {
            info = try respondToX3DH(entry.x3DhHeader, from: sender, installationID: senderInstallation, drBundleID: bundleID)
            opensSession = true
        }
        guard let info else { throw EncryptionProtocolError.sessionNotFound }

        let sessionID = info.sessionID
        let stored = opensSession ? nil : try store.session(id: sessionID)
        let state = try stored ?? newSessionState(for: info)
        let slot = SkippedKeySlot(ratchetKey: header.ratchetKey, n: header.n)
        let skippedKey = stored == nil ? nil : try store.skippedKey(session: sessionID, slot: slot)
        let result = try state.decrypt(RatchetMessage(header: header, ciphertext: Array(entry.payload)), limits: limits,
                                       skippedKey: skippedKey)

        // Commit: the message authenticated.
        if opensSession {
            try store.deleteSession(id: sessionID)
            try store.saveRatchetInfo(info)
        }
        switch result.change {
        case .usedSkippedKey(let used):
            try store.deleteSkippedKey(session: sessionID, slot: used)
        case .advanced(let next, let skipped):
            try store.saveSession(next, id: sessionID)
            try store.addSkippedKeys(skipped, session: sessionID)
            try store.pruneSkippedKeys(session: sessionID, keysCount: next.keysCount, limits: limits)
        }
        if info.ephemeralKey != nil {
            var confirmed = info
            confirmed.ephemeralKey = nil
            try store.saveRatchetInfo(confirmed)
        }
        return result.plaintext
    }

    /// The responder side of X3DH for a header naming one of our signed pre-keys (not yet stored).
    private func respondToX3DH(_ header: Encryption_X3DHHeader, from sender: PublicKey, installationID: String,
                               drBundleID: [UInt8]) throws -> RatchetInfo {
        let bundleID = Array(header.id)
        guard bundleID == drBundleID else {
            throw EncryptionProtocolError.malformedMessage("X3DH header and DR header name different bundles")
        }
        guard header.key.count == 33, let ephemeral = try? PublicKey(bytes: header.key) else {
            throw X3DHError.invalidHeaderKey(field: "key", length: header.key.count)
        }
        guard bundleID.count == 33, let own = try store.preKey(signedPreKey: bundleID), own.identity == identityBytes,
              let signedPreKey = own.privateKey else {
            throw X3DHError.unknownSignedPreKey
        }
        let sharedKey = try X3DH.responderSecret(mySignedPreKey: signedPreKey, myIdentity: identityKey, theirIdentity: sender,
                                                 theirEphemeral: ephemeral)
        return RatchetInfo(identity: sender.compressed, bundleID: bundleID, installationID: installationID, sharedKey: sharedKey,
                           ephemeralKey: nil, createdAt: clock())
    }

    /// The protocol version the first bundle advertises for `installationID` (status-go `getProtocolVersion`).
    static func protocolVersion(in bundles: [Encryption_Bundle], installationID: String) -> UInt32 {
        guard !installationID.isEmpty, let bundle = bundles.first else { return 0 }
        return bundle.signedPreKeys[installationID]?.protocolVersion ?? 0
    }
}
