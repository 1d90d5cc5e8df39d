/// Builder for EmojiReaction payloads (AMM type 22, wire-facts §5.3). Exists so reactions always carry the
/// chat, message id and message type receivers require (§5.5).
public enum EmojiReactions {
    /// A reaction `type` to message `messageID` in `target`; `retracted: true` takes it back (the same
    /// type and message, a newer clock).
    public static func reaction(_ type: Protobuf_EmojiReaction.TypeEnum, to messageID: MessageID, in target: ChatTarget,
                                clock: UInt64, retracted: Bool = false) -> Protobuf_EmojiReaction {
        var reaction = Protobuf_EmojiReaction()
        reaction.clock = clock
        reaction.chatID = target.chatID
        reaction.messageID = messageID.hex
        reaction.messageType = target.messageType
        reaction.type = type
        reaction.retracted = retracted
        return reaction
    }

    /// The retraction of `reaction`, clocked at `clock`.
    public static func retraction(of reaction: Protobuf_EmojiReaction, clock: UInt64) -> Protobuf_EmojiReaction {
        var retracted = reaction
        retracted.clock = clock
        retracted.retracted = true
        return retracted
    }
}
