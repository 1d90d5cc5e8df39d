import Primitives

/// A signed pre-key as the store keeps it — ours (with the private key) or one learnt from a received bundle
/// (status-go's `bundles` table, one row per signed pre-key).
public struct StoredPreKey: Sendable, Equatable {
    /// Owner identity, pub33.
    public let identity: [UInt8]
    /// The installation the key belongs to.
    public let installationID: String
    /// The signed pre-key, pub33; also the bundle id of sessions built on it.
    public let signedPreKey: [UInt8]
    /// Our own private key for it; `nil` for keys learnt from others' bundles.
    public let privateKey: PrivateKey?
    /// Stored version (ours: previous + 1; theirs: as advertised).
    public let version: UInt32
    /// Bundle timestamp (UNIX ns): creation time for ours, the received bundle's timestamp for theirs.
    public let timestamp: Int64
    /// Replaced by a newer version (theirs) or rotated out (ours). Sessions on it stop being used for sending.
    public var expired: Bool

    public init(identity: [UInt8], installationID: String, signedPreKey: [UInt8], privateKey: PrivateKey?,
                version: UInt32, timestamp: Int64, expired: Bool = false) {
        self.identity = identity
        self.installationID = installationID
        self.signedPreKey = signedPreKey
        self.privateKey = privateKey
        self.version = version
        self.timestamp = timestamp
        self.expired = expired
    }
}
