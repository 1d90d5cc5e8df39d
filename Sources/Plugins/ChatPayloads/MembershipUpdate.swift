import Foundation

extension Protobuf_MembershipUpdateMessage {
    /// A MembershipUpdateMessage for group `chatID` carrying `events` and optionally one ChatMessage or
    /// EmojiReaction (wire-facts §5.7). Sent pairwise to every joined member under AMM type 3.
    public init(chatID: String, events: [SignedGroupEvent], attaching entity: OneOf_ChatEntity? = nil) {
        self.init()
        self.chatID = chatID
        self.events = events.map { Data($0.wireBytes) }
        self.chatEntity = entity
    }

    /// Each wire event decoded and verified against this message's chat id, in order.
    public var decodedEvents: [Result<SignedGroupEvent, GroupEventError>] {
        events.map { raw in
            Result { () throws(GroupEventError) in try SignedGroupEvent(decoding: [UInt8](raw), chatID: chatID) }
        }
    }
}
