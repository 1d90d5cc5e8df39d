/// What kind of chat a row is (wire-facts §5.4).
public enum ChatKind: Int, Sendable, Codable {
    case oneToOne = 1, publicChat = 2, privateGroup = 3
}

/// A chat as the database keeps it.
public struct ChatRecord: Sendable, Equatable {
    /// `0x04…` for 1:1, the name for public chats, `uuid-0x04…` for groups.
    public var id: String
    public var kind: ChatKind
    /// Display name (public chats: the name; groups: their current name; 1:1: empty).
    public var name: String
    /// The chat's Lamport clock (wire-facts §5.6).
    public var lastClock: UInt64
    /// Unix seconds of the newest message seen (for history fetches).
    public var lastSeen: UInt32

    public init(id: String, kind: ChatKind, name: String = "", lastClock: UInt64 = 0, lastSeen: UInt32 = 0) {
        self.id = id
        self.kind = kind
        self.name = name
        self.lastClock = lastClock
        self.lastSeen = lastSeen
    }
}

/// A message as the database keeps it: metadata in clear for ordering and lookups, the payload
/// (`ChatMessage` protobuf bytes) encrypted at rest.
public struct MessageRecord: Sendable, Equatable {
    /// `0x…` message id (wire-facts §5.2).
    public var id: String
    public var chatID: String
    public var clock: UInt64
    /// Unix milliseconds at send.
    public var timestamp: UInt64
    /// The author's `0x04…` key.
    public var sender: String
    public var outgoing: Bool
    /// The `ChatMessage` protobuf bytes (or another payload for system messages).
    public var payload: [UInt8]

    public init(id: String, chatID: String, clock: UInt64, timestamp: UInt64, sender: String, outgoing: Bool, payload: [UInt8]) {
        self.id = id
        self.chatID = chatID
        self.clock = clock
        self.timestamp = timestamp
        self.sender = sender
        self.outgoing = outgoing
        self.payload = payload
    }
}
