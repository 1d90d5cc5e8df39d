import Storage

/// Why a data-sync operation failed. Received bytes never cause one: malformed input is classified
/// (`SyncPayloadDetection.notMVDS`) or skipped, so these are local faults (storage, caller mistakes).
public enum DataSyncError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `send` was called with no recipients (or only the local identity).
    case noRecipients
    /// The state file belongs to another identity.
    case identityMismatch(path: String)
    /// A stored row holds a value this code cannot use.
    case corruptRow(table: String, reason: String)
    /// SQLite failed.
    case storage(SQLiteError)
    /// The file's message bodies are encrypted and no key (or another key) was given, or the reverse.
    case atRestKeyMismatch(path: String, reason: String)

    public var description: String {
        switch self {
        case .noRecipients:
            return "data sync: a message needs at least one recipient other than the local identity"
        case .identityMismatch(let path):
            return "data-sync state \(path) belongs to another identity; open the file of this identity (or start a new one)"
        case .corruptRow(let table, let reason):
            return "data-sync table \(table) holds an unusable row (\(reason)); restore the file from a backup or move it away"
        case .storage(let error):
            return "data-sync state: \(error)"
        case .atRestKeyMismatch(let path, let reason):
            return "data-sync state \(path): \(reason); open it with the account that created it"
        }
    }
}
