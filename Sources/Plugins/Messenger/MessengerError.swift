/// Why a messenger operation failed, with what to do about it.
public enum MessengerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The chat is not joined / not known.
    case unknownChat(String)
    /// Only group admins may do this.
    case notAdmin(String)
    /// The message could not be built (empty text, too long…).
    case invalidMessage(String)
    /// A lower layer failed (encryption, sync, Waku).
    case transport(String)

    public var description: String {
        switch self {
        case .unknownChat(let id): return "no chat '\(id)': add the contact, join the public chat or create the group first"
        case .notAdmin(let id): return "only an admin of group \(id) can do that"
        case .invalidMessage(let why): return "cannot send: \(why)"
        case .transport(let why): return "message not sent: \(why)"
        }
    }
}
