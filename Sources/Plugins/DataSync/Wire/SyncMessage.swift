/// One MVDS message (wire-facts §4.1 `Message`): an opaque application body in a group, stamped in UNIX seconds.
///
/// A value type separate from the generated `Mvds_Message` so the engine and its store work with `[UInt8]`
/// and a precomputed id rather than Foundation `Data` and protobuf plumbing.
public struct SyncMessage: Sendable, Hashable {
    /// The group the message is shared in.
    public let groupID: SyncGroupID
    /// UNIX seconds (signed, as on the wire).
    public let timestamp: Int64
    /// The application payload (for Status: an ApplicationMetadataMessage).
    public let body: [UInt8]
    /// SHA-256("MESSAGE_ID" ‖ group_id ‖ LE64(timestamp) ‖ body).
    public let id: SyncMessageID

    public init(groupID: SyncGroupID, timestamp: Int64, body: [UInt8]) {
        self.groupID = groupID
        self.timestamp = timestamp
        self.body = body
        self.id = SyncMessageID(groupID: groupID, timestamp: timestamp, body: body)
    }
}
