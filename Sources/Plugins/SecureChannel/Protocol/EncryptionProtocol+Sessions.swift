import Foundation
import Primitives

extension EncryptionProtocol {
    /// The session to send on for a peer installation: the newest whose bundle is still current (a rotated or
    /// superseded signed pre-key retires its sessions, so the next send starts a new X3DH).
    func activeRatchetInfo(identity peer: [UInt8], installationID: String) throws -> RatchetInfo? {
        for info in try store.ratchetInfos(identity: peer, installationID: installationID) {
            if let preKey = try store.preKey(signedPreKey: info.bundleID), !preKey.expired { return info }
        }
        return nil
    }

    /// A fresh state for a session that has an info but no stored state yet: responder if the bundle id is one
    /// of our signed pre-keys, initiator otherwise (status-go `createNewSession`).
    func newSessionState(for info: RatchetInfo) throws -> RatchetState {
        if let own = try store.preKey(signedPreKey: info.bundleID), own.identity == identityBytes, let privateKey = own.privateKey {
            return try RatchetState.responder(sharedKey: info.sharedKey, signedPreKey: privateKey)
        }
        guard let remote = try? PublicKey(bytes: info.bundleID) else {
            throw SecureChannelStoreError.corruptRow(table: "ratchet_infos", reason: "bundle id is not a public key")
        }
        return try RatchetState.initiator(sharedKey: info.sharedKey, remoteSignedPreKey: remote)
    }

    /// Encrypts `payload` on an existing session and builds the entry (with the X3DH header while unconfirmed).
    func encryptOnSession(_ info: RatchetInfo, payload: [UInt8]) throws -> Encryption_DirectMessageProtocol {
        var state = try store.session(id: info.sessionID) ?? newSessionState(for: info)
        let message = try state.encrypt(payload)
        try store.saveSession(state, id: info.sessionID)
        var entry = Encryption_DirectMessageProtocol()
        entry.drHeader.key = Data(message.header.ratchetKey)
        entry.drHeader.n = message.header.n
        entry.drHeader.pn = message.header.pn
        entry.drHeader.id = Data(info.bundleID)
        entry.payload = Data(message.ciphertext)
        if let ephemeral = info.ephemeralKey {
            entry.x3DhHeader.key = Data(ephemeral)
            entry.x3DhHeader.id = Data(info.bundleID)
        }
        return entry
    }

    /// Starts a session with a peer installation from its signed pre-key (X3DH initiator) and stores it.
    func startSession(with peer: PublicKey, installationID: String, signedPreKey: StoredPreKey) throws -> RatchetInfo {
        guard let preKey = try? PublicKey(bytes: signedPreKey.signedPreKey) else {
            throw SecureChannelStoreError.corruptRow(table: "pre_keys", reason: "signed pre-key is not a public key")
        }
        let initiation = try X3DH.initiate(myIdentity: identityKey, theirIdentity: peer, theirSignedPreKey: preKey)
        let info = RatchetInfo(identity: peer.compressed, bundleID: signedPreKey.signedPreKey, installationID: installationID,
                               sharedKey: initiation.sharedKey, ephemeralKey: initiation.ephemeralKey.publicKey.compressed,
                               createdAt: clock())
        try store.saveRatchetInfo(info)
        try store.saveSession(try RatchetState.initiator(sharedKey: info.sharedKey, remoteSignedPreKey: preKey), id: info.sessionID)
        return info
    }
}
