/// Why `GroupState` skipped a membership event during replay (wire-facts §5.7 validity table; status-go
/// `Group.validateEvent`). Skipped events leave the state untouched.
public enum GroupEventRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// The wire event did not decode or its signature is unusable.
    case undecodable(GroupEventError)
    /// The event is signed for another group.
    case wrongChat(expected: String, got: String)
    /// The same signed event was already applied.
    case duplicate
    /// The event type is UNKNOWN or outside the enum.
    case unknownType(Int)
    /// CHAT_CREATED when the group already has members or admins.
    case alreadyCreated
    /// CHAT_CREATED signed by someone other than the creator named in the group id.
    case creatorMismatch(author: String)
    /// The author must be an admin for this event.
    case notAdmin(String)
    /// The author must be a member for this event (MEMBER_JOINED).
    case notMember(String)
    /// NAME_CHANGED with an empty name.
    case emptyName
    /// MEMBER_REMOVED / ADMIN_REMOVED must list exactly one member.
    case expectedOneMember(count: Int)
    /// MEMBER_REMOVED by an admin of another admin (admins can only remove themselves).
    case cannotRemoveAdmin(String)
    /// MEMBER_REMOVED of someone else by a non-admin.
    case cannotRemoveOthers(String)
    /// ADMINS_ADDED listing keys that are not members.
    case adminsNotMembers([String])
    /// ADMINS_ADDED listing nobody (status-go rejects it too).
    case noAdminsListed
    /// ADMIN_REMOVED of someone other than the author.
    case canOnlyRemoveSelfAsAdmin(String)

    public var description: String {
        switch self {
        case .undecodable(let error): return "event skipped: \(error)"
        case .wrongChat(let expected, let got): return "event is signed for group \(got), not \(expected)"
        case .duplicate: return "event was already applied"
        case .unknownType(let raw): return "event type \(raw) is unknown"
        case .alreadyCreated: return "CHAT_CREATED for a group that already exists"
        case .creatorMismatch(let author): return "CHAT_CREATED signed by \(author), who is not the creator named in the group id"
        case .notAdmin(let author): return "\(author) is not an admin of the group"
        case .notMember(let author): return "\(author) is not a member of the group"
        case .emptyName: return "group name must not be empty"
        case .expectedOneMember(let count): return "event must name exactly one member, it names \(count)"
        case .cannotRemoveAdmin(let member): return "\(member) is an admin; admins can only remove themselves"
        case .cannotRemoveOthers(let member): return "only an admin can remove \(member); members can only remove themselves"
        case .adminsNotMembers(let keys): return "only members can become admins; not members: \(keys.joined(separator: ", "))"
        case .noAdminsListed: return "ADMINS_ADDED must name at least one member"
        case .canOnlyRemoveSelfAsAdmin(let member): return "an admin can only drop their own admin role, not \(member)'s"
        }
    }
}
