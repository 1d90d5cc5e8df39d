/// A device of an identity, learnt from its bundles (status-go `multidevice.Installation`).
///
/// Other people's installations are enabled on sight; our own other devices must be enabled explicitly
/// (pairing) before we encrypt to them.
public struct Installation: Sendable, Equatable, Hashable {
    /// Owner identity, pub33.
    public let identity: [UInt8]
    /// The installation id (a UUID in practice).
    public let id: String
    /// Highest protocol version ever advertised for it.
    public var version: UInt32
    /// Whether messages are encrypted to it.
    public var enabled: Bool
    /// Timestamp (UNIX ns) of the newest bundle that listed it; orders the targets.
    public var timestamp: Int64

    public init(identity: [UInt8], id: String, version: UInt32, enabled: Bool, timestamp: Int64) {
        self.identity = identity
        self.id = id
        self.version = version
        self.enabled = enabled
        self.timestamp = timestamp
    }
}
