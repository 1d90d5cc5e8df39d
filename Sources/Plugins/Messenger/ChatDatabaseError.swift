/// Why the chat database cannot be used.
public enum ChatDatabaseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file was created by another account (its key does not open the check value).
    case wrongAccount(path: String)
    /// A stored value did not decrypt (tampering or a disk error).
    case unreadableRow(table: String, id: String)

    public var description: String {
        switch self {
        case .wrongAccount(let path):
            return "chat database \(path) belongs to another account; open it with the account that created it"
        case .unreadableRow(let table, let id):
            return "chat database: the \(table) row \(id) does not decrypt (tampered or damaged); it was skipped"
        }
    }
}
