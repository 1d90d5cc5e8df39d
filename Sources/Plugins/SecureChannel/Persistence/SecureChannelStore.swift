/// Signed pre-keys: ours (with private keys) and those learnt from received bundles. Keyed by the pre-key.
public protocol PreKeyStore {
    /// Inserts or replaces the row for `key.signedPreKey`.
    func savePreKey(_ key: StoredPreKey) throws
    /// The row for a signed pre-key (expired or not).
    func preKey(signedPreKey: [UInt8]) throws -> StoredPreKey?
    /// Every row of one installation, highest version first.
    func preKeys(identity: [UInt8], installationID: String) throws -> [StoredPreKey]
}

/// Installations (devices) per identity.
public protocol InstallationStore {
    /// Inserts or replaces the row for `(identity, id)`.
    func saveInstallation(_ installation: Installation) throws
    /// One installation.
    func installation(identity: [UInt8], id: String) throws -> Installation?
    /// Every installation of an identity, newest timestamp first.
    func installations(identity: [UInt8]) throws -> [Installation]
}

/// What each Double Ratchet session was built from.
public protocol RatchetInfoStore {
    /// Inserts or replaces the row for `(identity, bundleID, installationID)`.
    func saveRatchetInfo(_ info: RatchetInfo) throws
    /// One row.
    func ratchetInfo(identity: [UInt8], bundleID: [UInt8], installationID: String) throws -> RatchetInfo?
    /// Every row for a peer installation, newest `createdAt` first.
    func ratchetInfos(identity: [UInt8], installationID: String) throws -> [RatchetInfo]
}

/// Double Ratchet states and their skipped message keys, by session id.
public protocol RatchetSessionStore {
    /// The stored state, if any.
    func session(id: [UInt8]) throws -> RatchetState?
    /// Inserts or replaces a state.
    func saveSession(_ state: RatchetState, id: [UInt8]) throws
    /// Removes a state and its skipped keys.
    func deleteSession(id: [UInt8]) throws
    /// The skipped key filed under `slot`, if any.
    func skippedKey(session: [UInt8], slot: SkippedKeySlot) throws -> [UInt8]?
    /// Files new skipped keys.
    func addSkippedKeys(_ keys: [SkippedMessageKey], session: [UInt8]) throws
    /// Deletes one skipped key (after it decrypted its message).
    func deleteSkippedKey(session: [UInt8], slot: SkippedKeySlot) throws
    /// Applies `SkippedKeyPruning` for a session whose key counter is `keysCount`.
    func pruneSkippedKeys(session: [UInt8], keysCount: UInt64, limits: RatchetLimits) throws
    /// How many skipped keys a session holds.
    func skippedKeyCount(session: [UInt8]) throws -> Int
}

/// Negotiated shared secrets, recorded per peer installation that has written to us (wire-facts §3.7).
public protocol SharedSecretStore {
    /// Records that `installationID` of `identity` has the secret.
    func saveSharedSecret(_ secret: [UInt8], identity: [UInt8], installationID: String) throws
    /// Installation id → secret, for one peer identity.
    func sharedSecrets(identity: [UInt8]) throws -> [String: [UInt8]]
}

/// The persistence seam of `EncryptionProtocol`: every table it needs plus atomic transactions.
///
/// Implementations are owned by one actor (they need not be `Sendable`) and report failures as
/// `SecureChannelStoreError`. `transaction` must be all-or-nothing and may nest (inner calls join the outer one).
public protocol SecureChannelStore: PreKeyStore, InstallationStore, RatchetInfoStore, RatchetSessionStore,
                                    SharedSecretStore {
    /// Runs `body` atomically: every write is kept if it returns and none if it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T
}
