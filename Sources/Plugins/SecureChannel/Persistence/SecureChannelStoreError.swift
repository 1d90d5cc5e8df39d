import Storage

/// Why the secure-channel store could not open, read or write.
public enum SecureChannelStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database key must be exactly 32 bytes.
    case invalidDatabaseKeyLength(Int)
    /// The file's secret columns are encrypted and no database key was given.
    case databaseKeyRequired(path: String)
    /// A database key was given but the file was created without one (its secrets are in clear).
    case databaseNotEncrypted(path: String)
    /// The database key does not open this file.
    case wrongDatabaseKey(path: String)
    /// A sealed column failed authentication: wrong key, or the row was altered on disk.
    case cannotDecryptColumn(String)
    /// A row holds a value this code cannot use (e.g. a key of the wrong length).
    case corruptRow(table: String, reason: String)
    /// SQLite failed.
    case sqlite(SQLiteError)

    public var description: String {
        switch self {
        case .invalidDatabaseKeyLength(let count):
            return "secure-channel database key must be 32 bytes, got \(count)"
        case .databaseKeyRequired(let path):
            return "secure-channel database \(path) is encrypted; open it with its 32-byte database key"
        case .databaseNotEncrypted(let path):
            return "secure-channel database \(path) was created without a database key; open it without one (or start a new file)"
        case .wrongDatabaseKey(let path):
            return "the database key does not open secure-channel database \(path); use the key it was created with"
        case .cannotDecryptColumn(let column):
            return "cannot decrypt \(column): wrong database key or the row was altered on disk"
        case .corruptRow(let table, let reason):
            return "secure-channel table \(table) holds an unusable row (\(reason)); restore the file from a backup"
        case .sqlite(let error):
            return "secure-channel database: \(error)"
        }
    }
}
