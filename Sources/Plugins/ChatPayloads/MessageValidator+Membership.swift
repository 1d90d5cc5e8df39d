extension MessageValidator {
    /// MembershipUpdateMessage: decodes every event (signature recovery included) and applies the clock
    /// rule to each against **local** time `nowMs` (status-go `ValidateMembershipUpdateMessage`); a
    /// ChatMessage or EmojiReaction riding along is validated against the envelope's `whisperTimestampMs`.
    /// Like status-go, one bad event rejects the whole message. Returns the decoded events for replay.
    public func validate(_ update: Protobuf_MembershipUpdateMessage, nowMs: UInt64,
                         whisperTimestampMs: UInt64) throws(ValidationRejection) -> [SignedGroupEvent] {
        guard !update.chatID.isEmpty else { throw .emptyChatID }
        var events: [SignedGroupEvent] = []
        events.reserveCapacity(update.events.count)
        for (index, raw) in update.events.enumerated() {
            let event: SignedGroupEvent
            do {
                event = try SignedGroupEvent(decoding: [UInt8](raw), chatID: update.chatID)
            } catch {
                throw .undecodableMembershipEvent(index: index, error)
            }
            do {
                try validateClock(event.event.clock, referenceMs: nowMs)
            } catch {
                throw .membershipEvent(index: index, error)
            }
            events.append(event)
        }
        switch update.chatEntity {
        case .message(let message)?: try validate(message, whisperTimestampMs: whisperTimestampMs)
        case .emojiReaction(let reaction)?: try validate(reaction, whisperTimestampMs: whisperTimestampMs)
        case nil: break
        }
        return events
    }
}
