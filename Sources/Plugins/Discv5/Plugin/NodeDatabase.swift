import Foundation
import Primitives
import Storage

/// The persistent node database (SQLite in the plugin's data dir): table records survive a restart,
/// and our own record's seq never goes backwards. Every call holds `lock` (one connection, used from
/// the plugin's tasks), hence `@unchecked Sendable`.
final class NodeDatabase: @unchecked Sendable {
    private let db: SQLiteDatabase
    private let lock = NSLock()

    init(path: String) throws {
        db = try SQLiteDatabase(path: path)
        try db.migrate([
            """
            CREATE TABLE nodes (id BLOB PRIMARY KEY, record BLOB NOT NULL, last_seen REAL NOT NULL);
            CREATE TABLE local_record (slot INTEGER PRIMARY KEY CHECK (slot = 0), record BLOB NOT NULL);
            """,
        ])
    }

    func save(_ entries: [TableEntry]) throws {
        lock.lock(); defer { lock.unlock() }
        try db.transaction {
            let insert = try db.statement("INSERT OR REPLACE INTO nodes (id, record, last_seen) VALUES (?, ?, ?)")
            for entry in entries {
                try insert.run([entry.id, entry.record.rlpBytes, entry.lastSeen.timeIntervalSince1970])
            }
        }
    }

    /// Stored records, most recently seen first (invalid rows are skipped).
    func load(limit: Int = 512) throws -> [NodeRecord] {
        lock.lock(); defer { lock.unlock() }
        let blobs = try db.statement("SELECT record FROM nodes ORDER BY last_seen DESC LIMIT ?").rows([limit]) { $0.blob(0) }
        return blobs.compactMap { try? NodeRecord(rlp: $0, requireValidSignature: true) }
    }

    func localRecord() throws -> NodeRecord? {
        lock.lock(); defer { lock.unlock() }
        return try db.statement("SELECT record FROM local_record WHERE slot = 0").rows { $0.blob(0) }.first
            .flatMap { try? NodeRecord(rlp: $0, requireValidSignature: true) }
    }

    func saveLocalRecord(_ record: NodeRecord) throws {
        lock.lock(); defer { lock.unlock() }
        try db.statement("INSERT OR REPLACE INTO local_record (slot, record) VALUES (0, ?)").run([record.rlpBytes])
    }
}
