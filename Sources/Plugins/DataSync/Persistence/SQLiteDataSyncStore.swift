import Storage

/// The SQLite `DataSyncStore`: one file per local identity, numbered migrations, WAL, every endpoint
/// operation in one transaction. Opening the file of another identity fails rather than mixing states.
final class SQLiteDataSyncStore: DataSyncStore {
    let database: SQLiteDatabase
    /// Encrypts `messages.body`; nil keeps bodies in clear (tests and simulations without an account).
    let sealer: (any DataSyncBodySealer)?
    private var transactionDepth = 0

    init(path: String, identity: SyncPeerID, durability: SQLiteDatabase.Durability,
         sealer: (any DataSyncBodySealer)? = nil) throws(DataSyncError) {
        self.sealer = sealer
        database = try Self.mapped { try SQLiteDatabase(path: path, durability: durability) }
        try Self.mapped { try database.migrate(Self.migrations) }
        try checkAtRestMode()
        let stored = try Self.mapped {
            try database.statement("SELECT value FROM meta WHERE name = 'identity'").rows { $0.blob(0) }.first
        }
        if let stored {
            guard stored == identity.bytes else { throw .identityMismatch(path: path) }
        } else {
            try Self.mapped {
                try database.statement("INSERT INTO meta(name, value) VALUES ('identity', ?)").run([identity.bytes])
            }
        }
    }

    func transaction<T>(_ body: () throws(DataSyncError) -> T) throws(DataSyncError) -> T {
        if transactionDepth > 0 { return try body() }
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        return try Self.mapped { try database.transaction { () throws -> T in try body() } }
    }

    /// Runs SQLite work, reporting its errors as `DataSyncError`.
    static func mapped<T>(_ body: () throws -> T) throws(DataSyncError) -> T {
        do {
            return try body()
        } catch let error as DataSyncError {
            throw error
        } catch let error as SQLiteError {
            throw .storage(error)
        } catch {
            throw .corruptRow(table: "unknown", reason: "\(error)")
        }
    }

    func loadEpoch() throws(DataSyncError) -> Int64 {
        try Self.mapped { try database.statement("SELECT value FROM meta WHERE name = 'epoch'").rows { $0.int64(0) }.first ?? 0 }
    }

    func saveEpoch(_ epoch: Int64) throws(DataSyncError) {
        try Self.mapped { try database.statement("INSERT OR REPLACE INTO meta(name, value) VALUES ('epoch', ?)").run([epoch]) }
    }

    func saveMessage(_ message: SyncMessage) throws(DataSyncError) {
        try Self.mapped {
            try database.statement("INSERT OR IGNORE INTO messages(id, group_id, timestamp, body) VALUES (?, ?, ?, ?)")
                .run([message.id.bytes, message.groupID.bytes, message.timestamp, sealedBody(message.body, id: message.id)])
        }
    }

    func message(_ id: SyncMessageID) throws(DataSyncError) -> SyncMessage? {
        let rows = try Self.mapped {
            try database.statement("SELECT group_id, timestamp, body FROM messages WHERE id = ?").rows([id.bytes]) {
                (group: $0.blob(0), timestamp: $0.int64(1), body: $0.blob(2))
            }
        }
        guard let row = rows.first else { return nil }
        let message = SyncMessage(groupID: SyncGroupID(bytes: row.group), timestamp: row.timestamp, body: try openedBody(row.body, id: id))
        guard message.id == id else { throw .corruptRow(table: "messages", reason: "the body of \(id.hex) hashes to \(message.id.hex)") }
        return message
    }

    func deleteMessage(_ id: SyncMessageID) throws(DataSyncError) {
        try Self.mapped { try database.statement("DELETE FROM messages WHERE id = ?").run([id.bytes]) }
    }

    func addPeer(_ peer: SyncPeerID, to group: SyncGroupID) throws(DataSyncError) {
        try Self.mapped {
            try database.statement("INSERT OR IGNORE INTO group_peers(group_id, peer_id) VALUES (?, ?)").run([group.bytes, peer.bytes])
        }
    }

    func peers(in group: SyncGroupID) throws(DataSyncError) -> [SyncPeerID] {
        let raw = try Self.mapped {
            try database.statement("SELECT peer_id FROM group_peers WHERE group_id = ? ORDER BY rowid").rows([group.bytes]) { $0.blob(0) }
        }
        return try raw.map { bytes throws(DataSyncError) in try Self.peer(bytes, table: "group_peers") }
    }

    func markReceived(_ id: SyncMessageID, epoch: Int64) throws(DataSyncError) -> Bool {
        try Self.mapped {
            try database.statement("INSERT OR IGNORE INTO received(message_id, epoch) VALUES (?, ?)").run([id.bytes, epoch])
            return database.changes > 0
        }
    }

    func hasReceived(_ id: SyncMessageID) throws(DataSyncError) -> Bool {
        try Self.mapped { try !database.statement("SELECT 1 FROM received WHERE message_id = ?").rows([id.bytes]) { _ in () }.isEmpty }
    }

    func pruneReceived(before epoch: Int64) throws(DataSyncError) {
        try Self.mapped { try database.statement("DELETE FROM received WHERE epoch < ?").run([epoch]) }
    }

    func queueAck(_ id: SyncMessageID, to peer: SyncPeerID) throws(DataSyncError) {
        try Self.mapped {
            try database.statement("INSERT OR IGNORE INTO pending_acks(peer_id, message_id) VALUES (?, ?)").run([peer.bytes, id.bytes])
        }
    }

    func pendingAcks() throws(DataSyncError) -> [(peer: SyncPeerID, ids: [SyncMessageID])] {
        let rows = try Self.mapped {
            try database.statement("SELECT peer_id, message_id FROM pending_acks ORDER BY rowid").rows { ($0.blob(0), $0.blob(1)) }
        }
        var order: [SyncPeerID] = []
        var grouped: [SyncPeerID: [SyncMessageID]] = [:]
        for (rawPeer, rawID) in rows {
            let peer = try Self.peer(rawPeer, table: "pending_acks")
            let id = try Self.messageID(rawID, table: "pending_acks")
            if grouped[peer] == nil { order.append(peer) }
            grouped[peer, default: []].append(id)
        }
        return order.map { ($0, grouped[$0] ?? []) }
    }

    func clearAcks() throws(DataSyncError) {
        try Self.mapped { try database.execute("DELETE FROM pending_acks") }
    }

    static func peer(_ bytes: [UInt8], table: String) throws(DataSyncError) -> SyncPeerID {
        guard let peer = SyncPeerID(storedBytes: bytes) else { throw .corruptRow(table: table, reason: "peer id of \(bytes.count) bytes") }
        return peer
    }

    static func messageID(_ bytes: [UInt8], table: String) throws(DataSyncError) -> SyncMessageID {
        guard let id = SyncMessageID(bytes: bytes) else { throw .corruptRow(table: table, reason: "message id of \(bytes.count) bytes") }
        return id
    }
}
