extension GroupState {
    /// Why `event` is not valid in the current state, or `nil` if it is (the wire-facts §5.7 table, in
    /// status-go's `validateEvent` order). `from` is the recovered signer.
    public func rejection(for event: SignedGroupEvent) -> GroupEventRejection? {
        guard event.chatID == chatID else { return .wrongChat(expected: chatID, got: event.chatID) }
        guard !seenSignatures.contains(event.signature) else { return .duplicate }
        let from = event.authorID
        let members = event.event.members
        switch event.event.type {
        case .chatCreated:
            guard adminSet.isEmpty && memberSet.isEmpty else { return .alreadyCreated }
            guard chatID.hasSuffix(from) && chatID != from else { return .creatorMismatch(author: from) }
        case .nameChanged:
            guard adminSet.contains(from) else { return .notAdmin(from) }
            guard !event.event.name.isEmpty else { return .emptyName }
        case .membersAdded:
            guard adminSet.contains(from) else { return .notAdmin(from) }
        case .memberJoined:
            guard memberSet.contains(from) else { return .notMember(from) }
        case .memberRemoved:
            guard members.count == 1 else { return .expectedOneMember(count: members.count) }
            let member = members[0]
            if member != from {
                guard adminSet.contains(from) else { return .cannotRemoveOthers(member) }
                guard !adminSet.contains(member) else { return .cannotRemoveAdmin(member) }
            }
        case .adminsAdded:
            guard adminSet.contains(from) else { return .notAdmin(from) }
            guard !members.isEmpty else { return .noAdminsListed }
            let outsiders = members.filter { !memberSet.contains($0) }
            guard outsiders.isEmpty else { return .adminsNotMembers(outsiders) }
        case .adminRemoved:
            guard members.count == 1 else { return .expectedOneMember(count: members.count) }
            guard adminSet.contains(from) else { return .notAdmin(from) }
            guard members[0] == from else { return .canOnlyRemoveSelfAsAdmin(members[0]) }
        case .unknown, .UNRECOGNIZED:
            return .unknownType(event.event.type.rawValue)
        }
        return nil
    }
}
