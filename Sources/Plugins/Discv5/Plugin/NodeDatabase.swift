import Foundation
import Primitives
import Storage

/// The persistent node database (SQLite in the plugin's data dir): table records survive a restart,
/// and our own record's seq never goes backwards. It is a cache of what the network told us, so a
/// file that is not a readable database is moved aside (`<path>.corrupt`) and replaced by an empty one
/// rather than stopping the node, and records not seen for `maxAge` are forgotten. Every call holds
/// `lock` (one connection, used from the plugin's tasks), hence `@unchecked Sendable`.
final class NodeDatabase: @unchecked Sendable {
    /// Records not seen alive for this long are neither loaded nor kept (go-ethereum's node expiry: 24 h).
    static let maxAge: TimeInterval = 24 * 3600
    /// Most rows kept: the most recently seen win.
    static let maxRows = 1_000

    /// How the file was found when opened.
    enum Opening: Equatable, Sendable {
        case opened
        /// The file was corrupt or not a database; it now lives at `movedTo` and a fresh database replaced it.
        case recoveredFromCorruption(movedTo: String)
    }

    let opening: Opening
    private let db: SQLiteDatabase
    private let lock = NSLock()

    init(path: String) throws {
        do {
            db = try Self.open(path)
            opening = .opened
        } catch SQLiteError.corrupt {
            let aside = path + ".corrupt"
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: aside + suffix)
                try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
            }
            db = try Self.open(path)
            opening = .recoveredFromCorruption(movedTo: aside)
        }
    }

    private static func open(_ path: String) throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: path)
        try db.migrate([
            """
            CREATE TABLE nodes (id BLOB PRIMARY KEY, record BLOB NOT NULL, last_seen REAL NOT NULL);
            CREATE TABLE local_record (slot INTEGER PRIMARY KEY CHECK (slot = 0), record BLOB NOT NULL);
            """,
        ])
        // A header that opens but pages that do not read (a truncated or overwritten file) count as corrupt too.
        let check = try db.statement("PRAGMA quick_check").rows { $0.text(0) }
        guard check == ["ok"] else { throw SQLiteError.corrupt(path: path, message: check.prefix(3).joined(separator: "; ")) }
        return db
    }

    /// Stores (or refreshes) the entries, then forgets rows older than `maxAge` and beyond `maxRows`.
    func save(_ entries: [TableEntry], now: Date) throws {
        lock.lock(); defer { lock.unlock() }
        try db.transaction {
            let insert = try db.statement("INSERT OR REPLACE INTO nodes (id, record, last_seen) VALUES (?, ?, ?)")
            for entry in entries {
                try insert.run([entry.id, entry.record.rlpBytes, entry.lastSeen.timeIntervalSince1970])
            }
            try db.statement("DELETE FROM nodes WHERE last_seen < ?").run([now.timeIntervalSince1970 - Self.maxAge])
            try db.statement("DELETE FROM nodes WHERE id NOT IN (SELECT id FROM nodes ORDER BY last_seen DESC LIMIT ?)").run([Self.maxRows])
        }
    }

    /// Stored records seen within `maxAge` of `now`, most recently seen first (rows whose record does not
    /// decode or verify are skipped).
    func load(now: Date, limit: Int = 512) throws -> [NodeRecord] {
        lock.lock(); defer { lock.unlock() }
        let blobs = try db.statement("SELECT record FROM nodes WHERE last_seen >= ? ORDER BY last_seen DESC LIMIT ?")
            .rows([now.timeIntervalSince1970 - Self.maxAge, limit]) { $0.blob(0) }
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
