import Primitives

/// A private group as its membership events define it (wire-facts §5.7, status-go `protocol/v1` `Group`):
/// name, members, admins and who has joined. Exists so group state is always derived from signed
/// events by one rule table, never edited directly.
///
/// `apply` checks an event against the current state and applies it or records why it was skipped.
/// Events must be applied in clock order — use `replay`, which sorts (stably) by clock first. To merge
/// events that arrive later, replay the union of old and new: duplicates (same signature) are skipped.
public struct GroupState: Sendable, Equatable {
    /// The group id every event must be signed for.
    public let chatID: String
    /// The current name.
    public private(set) var name = ""
    /// Events applied, in order.
    public private(set) var applied: [SignedGroupEvent] = []
    /// Events skipped, with reasons.
    public internal(set) var skipped: [SkippedGroupEvent] = []

    var memberSet = OrderedKeySet()
    var adminSet = OrderedKeySet()
    var joinedSet = OrderedKeySet()
    var seenSignatures: Set<RecoverableSignature> = []
    var offered = 0

    /// An empty group (no events yet).
    public init(chatID: String) {
        self.chatID = chatID
    }

    /// Members (`"0x04…"`) in the order they were added.
    public var members: [String] { memberSet.items }
    /// Admins in the order they became admins.
    public var admins: [String] { adminSet.items }
    /// Members who have joined.
    public var joined: [String] { joinedSet.items }
    /// The author of the applied CHAT_CREATED, if any.
    public var creator: String? { applied.first { $0.event.type == .chatCreated }?.authorID }
    /// The highest clock among applied events (0 if none); new events should be clocked above it.
    public var lastClock: UInt64 { applied.map(\.event.clock).max() ?? 0 }

    public func isMember(_ key: PublicKey) -> Bool { memberSet.contains(ChatID.oneToOne(key)) }
    public func isAdmin(_ key: PublicKey) -> Bool { adminSet.contains(ChatID.oneToOne(key)) }
    public func hasJoined(_ key: PublicKey) -> Bool { joinedSet.contains(ChatID.oneToOne(key)) }

    /// Validates `event` against the current state and applies it; returns the reason if it was skipped
    /// (the reason is also recorded in `skipped`).
    @discardableResult
    public mutating func apply(_ event: SignedGroupEvent) -> GroupEventRejection? {
        let index = offered
        offered += 1
        if let reason = rejection(for: event) {
            skipped.append(SkippedGroupEvent(index: index, clock: event.event.clock, author: event.authorID, reason: reason))
            return reason
        }
        seenSignatures.insert(event.signature)
        applied.append(event)
        let members = event.event.members
        switch event.event.type {
        case .chatCreated:
            name = event.event.name
            memberSet.insert(event.authorID)
            joinedSet.insert(event.authorID)
            adminSet.insert(event.authorID)
        case .nameChanged:
            name = event.event.name
        case .membersAdded:
            memberSet.insert(contentsOf: members)
        case .memberJoined:
            joinedSet.insert(event.authorID)
        case .memberRemoved:
            adminSet.remove(members[0])
            joinedSet.remove(members[0])
            memberSet.remove(members[0])
        case .adminsAdded:
            adminSet.insert(contentsOf: members)
        case .adminRemoved:
            adminSet.remove(members[0])
        case .unknown, .UNRECOGNIZED:
            break
        }
        return nil
    }

    /// Records a skip decided outside `apply` (replay).
    mutating func recordSkip(_ skip: SkippedGroupEvent) {
        skipped.append(skip)
    }
}

/// An event `GroupState` did not apply.
public struct SkippedGroupEvent: Sendable, Equatable {
    /// Position of the event in the input (replay) or in the sequence of `apply` calls.
    public let index: Int
    /// The event's clock, if it decoded.
    public let clock: UInt64?
    /// The recovered author, if the signature was usable.
    public let author: String?
    /// Why it was skipped.
    public let reason: GroupEventRejection
}
