import Foundation
import Storage

/// The messenger's SQLite database (ARCHITECTURE §6): chats, messages, contacts, group events and
/// processed ids. Message bodies and group events are encrypted at rest with the account's database
/// key; opening the file with another account's key fails with `wrongAccount` and changes nothing.
public actor ChatDatabase {
    private let database: SQLiteDatabase
    private let cipher: AtRestCipher
    public nonisolated let path: String

    static let checkPlaintext = Array("parley chat database v1".utf8)

    static let migrations = [
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE chats (id TEXT PRIMARY KEY, kind INTEGER NOT NULL, name BLOB NOT NULL, last_clock INTEGER NOT NULL,
                            last_seen INTEGER NOT NULL);
        CREATE TABLE messages (id TEXT PRIMARY KEY, chat_id TEXT NOT NULL, clock INTEGER NOT NULL, timestamp INTEGER NOT NULL,
                               sender TEXT NOT NULL, outgoing INTEGER NOT NULL, payload BLOB NOT NULL);
        CREATE INDEX messages_by_chat ON messages (chat_id, clock, id);
        CREATE TABLE contacts (key TEXT PRIMARY KEY, added_at INTEGER NOT NULL);
        CREATE TABLE group_events (chat_id TEXT NOT NULL, digest BLOB NOT NULL, event BLOB NOT NULL, PRIMARY KEY (chat_id, digest));
        CREATE TABLE reactions (chat_id TEXT NOT NULL, message_id TEXT NOT NULL, sender TEXT NOT NULL, type INTEGER NOT NULL,
                                clock INTEGER NOT NULL, retracted INTEGER NOT NULL, PRIMARY KEY (message_id, sender, type));
        """,
    ]

    /// Opens (creating) the database at `path` with the 32-byte database key.
    public init(path: String, key: [UInt8]) throws {
        database = try SQLiteDatabase(path: path)
        cipher = AtRestCipher(key: key)
        self.path = path
        try database.migrate(Self.migrations)
        let stored = try database.statement("SELECT value FROM meta WHERE key = 'check'").rows { $0.blob(0) }.first
        if let stored {
            guard cipher.open(stored, binding: "meta:check") == Self.checkPlaintext else { throw ChatDatabaseError.wrongAccount(path: path) }
        } else {
            try database.statement("INSERT INTO meta (key, value) VALUES ('check', ?)").run([cipher.seal(Self.checkPlaintext, binding: "meta:check")])
        }
    }

    // MARK: Chats

    public func save(_ chat: ChatRecord) throws {
        try database.statement("""
            INSERT INTO chats (id, kind, name, last_clock, last_seen) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, last_clock = excluded.last_clock, last_seen = excluded.last_seen
            """).run([chat.id, chat.kind.rawValue, cipher.seal(Array(chat.name.utf8), binding: "chat:" + chat.id),
                      Int64(bitPattern: chat.lastClock), chat.lastSeen])
    }

    public func chat(_ id: String) throws -> ChatRecord? { try chats(where: "WHERE id = ?", [id]).first }

    public func chats() throws -> [ChatRecord] { try chats(where: "ORDER BY id", []) }

    public func removeChat(_ id: String) throws {
        try database.statement("DELETE FROM chats WHERE id = ?").run([id])
    }

    private func chats(where clause: String, _ values: [any SQLiteBindable]) throws -> [ChatRecord] {
        try database.statement("SELECT id, kind, name, last_clock, last_seen FROM chats \(clause)").rows(values) { row in
            let id = row.text(0)
            let name = cipher.open(row.blob(2), binding: "chat:" + id).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return ChatRecord(id: id, kind: ChatKind(rawValue: row.int(1)) ?? .oneToOne, name: name,
                              lastClock: UInt64(bitPattern: row.int64(3)), lastSeen: UInt32(clamping: row.int64(4)))
        }
    }

    // MARK: Messages

    /// Stores a message once; `false` if its id was already there (a duplicate from history or MVDS).
    @discardableResult
    public func insert(_ message: MessageRecord) throws -> Bool {
        try database.statement("""
            INSERT OR IGNORE INTO messages (id, chat_id, clock, timestamp, sender, outgoing, payload) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).run([message.id, message.chatID, Int64(bitPattern: message.clock), Int64(bitPattern: message.timestamp),
                      message.sender, message.outgoing, cipher.seal(message.payload, binding: "message:" + message.id)])
        return database.changes > 0
    }

    public func hasMessage(_ id: String) throws -> Bool {
        try !database.statement("SELECT 1 FROM messages WHERE id = ?").rows([id]) { _ in 1 }.isEmpty
    }

    /// The newest `limit` messages of a chat in clock order (oldest first).
    public func messages(in chatID: String, limit: Int = 100) throws -> [MessageRecord] {
        let rows = try database.statement("""
            SELECT id, chat_id, clock, timestamp, sender, outgoing, payload FROM messages WHERE chat_id = ?
            ORDER BY clock DESC, id DESC LIMIT ?
            """).rows([chatID, limit]) { row -> MessageRecord? in
            let id = row.text(0)
            guard let payload = cipher.open(row.blob(6), binding: "message:" + id) else { return nil }
            return MessageRecord(id: id, chatID: row.text(1), clock: UInt64(bitPattern: row.int64(2)),
                                 timestamp: UInt64(bitPattern: row.int64(3)), sender: row.text(4), outgoing: row.int(5) != 0, payload: payload)
        }
        return rows.compactMap { $0 }.reversed()
    }

    public func messageCount(in chatID: String) throws -> Int {
        try database.statement("SELECT count(*) FROM messages WHERE chat_id = ?").rows([chatID]) { $0.int(0) }.first ?? 0
    }

    // MARK: Contacts

    public func addContact(_ key: String, at time: UInt32) throws {
        try database.statement("INSERT OR IGNORE INTO contacts (key, added_at) VALUES (?, ?)").run([key, time])
    }

    public func contacts() throws -> [String] {
        try database.statement("SELECT key FROM contacts ORDER BY added_at, key").rows { $0.text(0) }
    }

    // MARK: Group events

    /// Stores a signed membership event once (by digest).
    public func addGroupEvent(_ event: [UInt8], digest: [UInt8], chat: String) throws {
        try database.statement("INSERT OR IGNORE INTO group_events (chat_id, digest, event) VALUES (?, ?, ?)")
            .run([chat, digest, cipher.seal(event, binding: "group:" + chat)])
    }

    public func groupEvents(_ chat: String) throws -> [[UInt8]] {
        try database.statement("SELECT event FROM group_events WHERE chat_id = ?").rows([chat]) { cipher.open($0.blob(0), binding: "group:" + chat) }
            .compactMap { $0 }
    }

    // MARK: Reactions

    /// Records a reaction (or its retraction); an older clock than the stored one changes nothing.
    public func saveReaction(chat: String, message: String, sender: String, type: Int, clock: UInt64, retracted: Bool) throws {
        try database.statement("""
            INSERT INTO reactions (chat_id, message_id, sender, type, clock, retracted) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(message_id, sender, type) DO UPDATE SET clock = excluded.clock, retracted = excluded.retracted
            WHERE excluded.clock > reactions.clock
            """).run([chat, message, sender, type, Int64(bitPattern: clock), retracted])
    }

    /// Live reactions to `message`: (sender, type).
    public func reactions(to message: String) throws -> [(sender: String, type: Int)] {
        try database.statement("SELECT sender, type FROM reactions WHERE message_id = ? AND retracted = 0 ORDER BY clock")
            .rows([message]) { ($0.text(0), $0.int(1)) }
    }

    // MARK: Settings

    public func setting(_ key: String) throws -> [UInt8]? {
        try database.statement("SELECT value FROM meta WHERE key = ?").rows(["setting:" + key]) { cipher.open($0.blob(0), binding: "setting:" + key) }
            .first ?? nil
    }

    public func setSetting(_ key: String, _ value: [UInt8]) throws {
        try database.statement("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .run(["setting:" + key, cipher.seal(value, binding: "setting:" + key)])
    }
}
