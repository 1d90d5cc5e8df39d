import CParleySQLite
#if canImport(Glibc)
import Glibc
#endif

/// One SQLite database file (ARCHITECTURE §6): opened in WAL mode with foreign keys on, migrated
/// by numbered steps, with a statement cache. Not `Sendable` — the actor that opens it owns it.
///
/// Files are private: the database (and so its `-wal`/`-shm`, which SQLite creates with the same
/// mode) is created 0600 and an existing one is set back to 0600; `secure_delete` overwrites deleted
/// content, so nothing removed lingers in free pages.
public final class SQLiteDatabase {
    let handle: OpaquePointer
    /// The file path (`:memory:` for a throwaway database).
    public let path: String
    private var cache: [String: SQLiteStatement] = [:]

    /// How durable a commit is: `.full` survives power loss, `.normal` (WAL) survives a process kill.
    public enum Durability: String, Sendable { case normal = "NORMAL", full = "FULL" }

    /// Opens (creating if needed) the database at `path`.
    public init(path: String, durability: Durability = .normal, busyTimeoutMilliseconds: Int32 = 5_000) throws(SQLiteError) {
        if Self.isFile(path) { try Self.makePrivate(path) }
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close(db)
            throw SQLiteError.cannotOpen(path: path, message: message)
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(db, 1)
        if path != ":memory:" { try execute("PRAGMA journal_mode=WAL") }
        try execute("PRAGMA synchronous=\(durability.rawValue)")
        try execute("PRAGMA foreign_keys=ON")
        try execute("PRAGMA secure_delete=ON")
    }

    /// Copies the WAL into the database and truncates it to zero bytes, so content already overwritten
    /// in the database (e.g. re-encrypted rows) no longer survives in the log.
    public func checkpoint() throws(SQLiteError) {
        guard Self.isFile(path) else { return }
        try execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    static func isFile(_ path: String) -> Bool { !path.isEmpty && path != ":memory:" && !path.hasPrefix("file:") }

    /// Creates `path` with mode 0600, or sets an existing file (and its `-wal`/`-shm`) back to 0600.
    /// An existing file is changed by path, never opened here: closing a second descriptor of a file
    /// would drop the POSIX locks another connection of this process holds on it.
    static func makePrivate(_ path: String) throws(SQLiteError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)   // a new, empty file: no connection can hold locks on it yet
        } else if errno != EEXIST {
            throw SQLiteError.cannotOpen(path: path, message: "cannot create the file with mode 0600: \(String(cString: strerror(errno)))")
        }
        guard chmod(path, 0o600) == 0 else {
            throw SQLiteError.cannotOpen(path: path, message: "cannot set mode 0600: \(String(cString: strerror(errno)))")
        }
        for suffix in ["-wal", "-shm", "-journal"] { chmod(path + suffix, 0o600) }
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements with no parameters and no result rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        sqlite3_free(message)
        guard code == SQLITE_OK else { throw error(code, sql) }
    }

    /// A prepared statement for `sql`, reused across calls.
    public func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = cache[sql] { return cached }
        let statement = try SQLiteStatement(database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last write.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Brings the schema up to date: runs `migrations[i]` for every step past `PRAGMA user_version`,
    /// each in its own transaction. Fails if the file is newer than `migrations`.
    public func migrate(_ migrations: [String]) throws {
        let current = try statement("PRAGMA user_version").rows { $0.int(0) }.first ?? 0
        guard current <= migrations.count else {
            throw SQLiteError.schemaTooNew(path: path, found: current, supported: migrations.count)
        }
        for (index, sql) in migrations.enumerated().dropFirst(current) {
            try transaction {
                try execute(sql)
                try execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }

    func error(_ code: Int32, _ sql: String) -> SQLiteError { SQLiteError.from(code: code, sql: sql, path: path, db: handle) }
}
