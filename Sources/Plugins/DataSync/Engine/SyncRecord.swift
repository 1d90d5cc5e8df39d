/// The sync state of one (message, peer) pair (wire-facts §4.3, mvds `state.State`): what to send that peer about
/// that message, how often it was sent and when it is due again.
public struct SyncRecord: Sendable, Hashable {
    /// What the record sends.
    public enum Kind: Int, Sendable, Hashable {
        /// Offer the id (interactive mode, or sharing a received message with the rest of its group).
        case offer = 0
        /// Ask the peer for an offered message.
        case request = 1
        /// Send the full message until the peer ACKs it.
        case message = 2
    }

    public let messageID: SyncMessageID
    public let peer: SyncPeerID
    /// The message's group; `nil` for requests (the group is unknown until the message arrives).
    public var groupID: SyncGroupID?
    public var kind: Kind
    /// Transmissions so far in the current kind (reset when an offer turns into a message); the attempt limit
    /// counts these.
    public var sendCount: Int
    /// Transmissions since the peer last showed it is reachable (an ACK that hastened this record): the
    /// exponent of Parley's backoff. status-go's schedule uses `sendCount` instead.
    public var backoffLevel: Int
    /// The epoch at (or after) which the record is due.
    public var sendEpoch: Int64
    /// The epoch of the last transmission, if any.
    public var lastSentEpoch: Int64?
    /// The epoch the record was created (for the age limit).
    public let createdEpoch: Int64

    public init(messageID: SyncMessageID, peer: SyncPeerID, groupID: SyncGroupID?, kind: Kind, sendCount: Int = 0,
                backoffLevel: Int = 0, sendEpoch: Int64, lastSentEpoch: Int64? = nil, createdEpoch: Int64) {
        self.messageID = messageID
        self.peer = peer
        self.groupID = groupID
        self.kind = kind
        self.sendCount = sendCount
        self.backoffLevel = backoffLevel
        self.sendEpoch = sendEpoch
        self.lastSentEpoch = lastSentEpoch
        self.createdEpoch = createdEpoch
    }

    /// Identifies the record: one per (message, peer), as mvds keys its states.
    struct Key: Hashable { let messageID: SyncMessageID; let peer: SyncPeerID }
    var key: Key { Key(messageID: messageID, peer: peer) }
}
