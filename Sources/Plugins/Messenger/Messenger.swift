import ChatPayloads
import DataSync
import Foundation
import Kernel
import Primitives
import SecureChannel
import WakuCore

/// One account's messenger on one device: chats, contacts, groups; sending and receiving through every
/// layer below (see the module overview). Owns the chat database, the encryption sessions and the MVDS
/// state; uses the Waku seams only.
public actor Messenger {
    public nonisolated let identity: PrivateKey
    public nonisolated let publicKey: PublicKey
    public nonisolated let installationID: String
    let database: ChatDatabase
    let encryption: EncryptionProtocol
    let sync: DataSyncEndpoint
    let sender: any EnvelopeSender
    let receiver: any EnvelopeReceiver
    let history: (any HistoryClient)?
    let bus: EventBus
    let validator = MessageValidator()
    let autoJoinGroups: Bool
    /// The node's clock: every timestamp the messenger writes or checks comes from it.
    nonisolated let clock: any NodeClock
    var clocks: [String: ChatClock] = [:]
    var subscribed: Set<String> = []
    /// Every topic listened on (history requests ask for these).
    public internal(set) var filterTopics: Set<Topic> = []
    let streamContinuation: AsyncStream<AsyncStream<ReceivedMessage>>.Continuation
    /// Subscriptions the owner (the plugin's `run`) must drain into `handle(_:)`.
    public nonisolated let subscriptions: AsyncStream<AsyncStream<ReceivedMessage>>
    /// Envelopes that failed a layer (kept for `status`).
    public private(set) var dropped: [String: Int] = [:]
    /// Chat messages this node sent and stored from others (for `/metrics`).
    public internal(set) var messagesSent = 0
    public internal(set) var messagesReceived = 0

    public init(identity: PrivateKey, installationID: String, database: ChatDatabase, encryption: EncryptionProtocol,
                sync: DataSyncEndpoint, sender: any EnvelopeSender, receiver: any EnvelopeReceiver, history: (any HistoryClient)?,
                bus: EventBus, autoJoinGroups: Bool = true, clock: any NodeClock = SystemClock()) {
        self.identity = identity
        self.publicKey = identity.publicKey
        self.installationID = installationID
        self.database = database
        self.encryption = encryption
        self.sync = sync
        self.sender = sender
        self.receiver = receiver
        self.history = history
        self.bus = bus
        self.autoJoinGroups = autoJoinGroups
        self.clock = clock
        (subscriptions, streamContinuation) = AsyncStream.makeStream(of: AsyncStream<ReceivedMessage>.self)
    }

    /// Ends the subscription feed (the plugin is stopping).
    func finish() { streamContinuation.finish() }

    /// The chat id of my 1:1 chat with `key`.
    public nonisolated func chatID(with key: PublicKey) -> String { ChatID.oneToOne(key) }

    /// Unix seconds on the node's clock.
    nonisolated var nowSeconds: UInt32 { UInt32(clamping: Int64(clock.now().timeIntervalSince1970)) }

    /// Unix milliseconds on the node's clock.
    nonisolated var nowMilliseconds: UInt64 { UInt64(max(0, clock.now().timeIntervalSince1970 * 1000)) }

    func trace(_ layer: String, _ text: String) { bus.publish(MessageTrace(layer, text)) }

    func drop(_ layer: String, _ reason: String) {
        dropped[layer, default: 0] += 1
        trace(layer, "dropped: \(reason)")
    }

    // MARK: Clocks

    func tick(_ chatID: String) async throws -> ClockTick {
        if clocks[chatID] == nil { clocks[chatID] = ChatClock(last: try await database.chat(chatID)?.lastClock ?? 0) }
        return clocks[chatID]!.next(nowMs: nowMilliseconds)
    }

    func observe(_ clock: UInt64, in chatID: String) async throws {
        if clocks[chatID] == nil { clocks[chatID] = ChatClock(last: try await database.chat(chatID)?.lastClock ?? 0) }
        clocks[chatID]!.observe(clock)
    }

    func saveClock(_ chatID: String, kind: ChatKind, name: String? = nil) async throws {
        var chat = try await database.chat(chatID) ?? ChatRecord(id: chatID, kind: kind, name: name ?? "")
        chat.lastClock = max(chat.lastClock, clocks[chatID]?.last ?? 0)
        chat.lastSeen = nowSeconds
        if let name { chat.name = name }
        try await database.save(chat)
    }

    // MARK: Reading

    /// Every chat, sorted by id.
    public func chats() async throws -> [ChatRecord] { try await database.chats() }

    /// The newest `limit` messages of a chat, oldest first.
    public func messages(in chatID: String, limit: Int = 100) async throws -> [ChatMessageView] {
        try await database.messages(in: chatID, limit: limit).map(ChatMessageView.init(record:))
    }

    /// Messages stored in a chat.
    public func messageCount(in chatID: String) async throws -> Int { try await database.messageCount(in: chatID) }

    /// Contacts' `0x04…` keys.
    public func contacts() async throws -> [String] { try await database.contacts() }

    /// Live reactions to a message.
    public func reactions(to messageID: String) async throws -> [(sender: String, type: Int)] { try await database.reactions(to: messageID) }
}
