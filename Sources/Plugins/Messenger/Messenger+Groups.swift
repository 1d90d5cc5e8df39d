import ChatPayloads
import Foundation
import Primitives

/// Private group chats (wire-facts §5.7): signed membership events, replayed into the group's state, sent
/// pairwise to every member as a MembershipUpdateMessage.
extension Messenger {
    /// The group's state from every stored event.
    public func groupState(_ id: String) async throws -> GroupState {
        GroupState.replay(chatID: id, wireEvents: try await database.groupEvents(id))
    }

    /// Creates a group with `members` (their keys); returns its id.
    public func createGroup(name: String, members: [PublicKey]) async throws -> String {
        let clock = nowMilliseconds
        let (id, created) = try GroupEvents.createGroup(name: name, creator: identity, clock: clock)
        try await store(created, in: id)
        try await database.save(ChatRecord(id: id, kind: .privateGroup, name: name, lastClock: clock))
        if !members.isEmpty {
            try await store(try SignedGroupEvent.sign(GroupEvents.membersAdded(members, clock: clock + 1), chatID: id, with: identity), in: id)
            for member in members { try await listenToContact(member) }
        }
        trace("chat", "created group \"\(name)\" (\(id.prefix(12))…) with \(members.count) member(s)")
        try await announce(id)
        return id
    }

    /// Adds members (admins only).
    public func addMembers(_ members: [PublicKey], to id: String) async throws {
        try await requireAdmin(id)
        try await apply(GroupEvents.membersAdded(members, clock: try await nextGroupClock(id)), to: id)
        for member in members { try await listenToContact(member) }
    }

    /// Removes a member (admins only; the member is told too).
    public func removeMember(_ member: PublicKey, from id: String) async throws {
        try await requireAdmin(id)
        let before = try await groupState(id).members
        try await apply(GroupEvents.memberRemoved(member, clock: try await nextGroupClock(id)), to: id, alsoTo: before)
    }

    /// Renames the group (admins only).
    public func renameGroup(_ id: String, to name: String) async throws {
        try await requireAdmin(id)
        try await apply(GroupEvents.nameChanged(name, clock: try await nextGroupClock(id)), to: id)
    }

    /// Joins a group we were added to (status-go requires it before messages are accepted).
    public func joinGroup(_ id: String) async throws {
        try await apply(GroupEvents.memberJoined(clock: try await nextGroupClock(id)), to: id)
    }

    /// Leaves a group (removes ourselves); the others are told.
    public func leaveGroup(_ id: String) async throws {
        let before = try await groupState(id).members
        try await apply(GroupEvents.leave(publicKey, clock: try await nextGroupClock(id)), to: id, alsoTo: before)
    }

    // MARK: Internals

    func apply(_ event: Protobuf_MembershipUpdateEvent, to id: String, alsoTo extra: [String] = []) async throws {
        let signed = try SignedGroupEvent.sign(event, chatID: id, with: identity)
        try await store(signed, in: id)
        let state = try await groupState(id)
        if let skipped = state.skipped.last, skipped.clock == event.clock, skipped.author == ChatID.oneToOne(publicKey) {
            throw MessengerError.invalidMessage("the group refused the change: \(skipped.reason)")
        }
        var chat = try await database.chat(id) ?? ChatRecord(id: id, kind: .privateGroup)
        chat.name = state.name
        try await database.save(chat)
        try await announce(id, alsoTo: extra)
    }

    func store(_ event: SignedGroupEvent, in id: String) async throws {
        try await database.addGroupEvent(event.wireBytes, digest: Keccak256.hash(event.wireBytes), chat: id)
    }

    /// Sends the group's events to every member (and `extra`, e.g. a removed member).
    func announce(_ id: String, alsoTo extra: [String] = []) async throws {
        let state = try await groupState(id)
        let update = Protobuf_MembershipUpdateMessage(chatID: id, events: state.applied)
        let wrapped: WrappedApplicationMessage
        do { wrapped = try ApplicationMessage.wrap(update, signer: identity) } catch { throw MessengerError.transport("\(error)") }
        let me = ChatID.oneToOne(publicKey)
        for member in Set(state.members + extra) where member != me {
            guard let key = keyNamed(byChatID: member) else { continue }
            try await queue(wrapped.bytes, to: key)
        }
    }

    func requireAdmin(_ id: String) async throws {
        guard try await groupState(id).isAdmin(publicKey) else { throw MessengerError.notAdmin(id) }
    }

    func nextGroupClock(_ id: String) async throws -> UInt64 {
        max(nowMilliseconds, try await groupState(id).lastClock + 1)
    }
}
