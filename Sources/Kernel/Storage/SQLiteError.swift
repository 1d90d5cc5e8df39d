import CParleySQLite

/// Why a SQLite operation failed, with what the user can do about it.
public enum SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened (missing directory, permissions, not a database).
    case cannotOpen(path: String, message: String)
    /// The disk (or quota) is full: nothing was written by the failed statement.
    case diskFull(path: String)
    /// The database file is corrupt or not a SQLite database.
    case corrupt(path: String, message: String)
    /// Another process holds a lock for longer than the busy timeout.
    case busy(path: String)
    /// A statement failed to prepare or run.
    case statement(sql: String, code: Int32, message: String)
    /// The file was written by a newer version of Parley (its schema is ahead of this binary).
    case schemaTooNew(path: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let message):
            return "cannot open database \(path): \(message) (check the directory exists and is writable)"
        case .diskFull(let path):
            return "database \(path): the disk is full; nothing was written — free space and retry"
        case .corrupt(let path, let message):
            return "database \(path) is corrupt or not a database (\(message)); restore it from a backup or move it away"
        case .busy(let path):
            return "database \(path) is locked by another process; stop the other node using this data directory"
        case .statement(let sql, let code, let message):
            return "SQLite error \(code) (\(message)) in: \(sql)"
        case .schemaTooNew(let path, let found, let supported):
            return "database \(path) has schema version \(found) but this Parley supports up to \(supported); upgrade Parley"
        }
    }

    /// Maps a result code to the most specific case.
    static func from(code: Int32, sql: String, path: String, db: OpaquePointer?) -> SQLiteError {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        switch code & 0xff {
        case SQLITE_FULL: return .diskFull(path: path)
        case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt(path: path, message: message)
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy(path: path)
        default: return .statement(sql: sql, code: code, message: message)
        }
    }
}
