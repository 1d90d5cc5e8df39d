extension GroupState {
    /// The state after `events`, applied in ascending clock order (stable: equal clocks keep input order).
    /// `skipped[i].index` is the event's position in `events`.
    public static func replay(chatID: String, events: [SignedGroupEvent]) -> GroupState {
        replay(chatID: chatID, decoded: events.enumerated().map { ($0.offset, .success($0.element)) })
    }

    /// Decodes each wire event (`signature ‖ event`) of group `chatID` and replays them; events that do
    /// not decode or whose signature is unusable are skipped with `.undecodable`.
    public static func replay(chatID: String, wireEvents: [[UInt8]]) -> GroupState {
        replay(chatID: chatID, decoded: wireEvents.enumerated().map { index, raw in
            (index, Result { () throws(GroupEventError) in try SignedGroupEvent(decoding: raw, chatID: chatID) })
        })
    }

    /// Replays the events carried by a MembershipUpdateMessage.
    public static func replay(_ message: Protobuf_MembershipUpdateMessage) -> GroupState {
        replay(chatID: message.chatID, wireEvents: message.events.map { [UInt8]($0) })
    }

    private static func replay(chatID: String, decoded: [(Int, Result<SignedGroupEvent, GroupEventError>)]) -> GroupState {
        var state = GroupState(chatID: chatID)
        var good: [(index: Int, event: SignedGroupEvent)] = []
        var bad: [SkippedGroupEvent] = []
        for (index, result) in decoded {
            switch result {
            case .success(let event): good.append((index, event))
            case .failure(let error): bad.append(SkippedGroupEvent(index: index, clock: nil, author: nil, reason: .undecodable(error)))
            }
        }
        good.sort { ($0.event.event.clock, $0.index) < ($1.event.event.clock, $1.index) }
        for (index, event) in good {
            if let reason = state.rejection(for: event) {
                state.recordSkip(SkippedGroupEvent(index: index, clock: event.event.clock, author: event.authorID, reason: reason))
            } else {
                state.apply(event)
            }
        }
        for skip in bad { state.recordSkip(skip) }
        state.skipped.sort { $0.index < $1.index }
        return state
    }
}
