/// Receive-side checks for chat payloads (wire-facts §5.5, status-go v0.62 `protocol/message_validator.go`).
///
/// Exists so every payload is judged by the same rules status-go applies before anything reaches chats
/// or storage. Rules compare clocks with the carrying envelope's whisper timestamp
/// (`whisperTimestampMs(expiry:ttl:)`), except membership events, which are compared with local time.
public struct MessageValidator: Sendable, Equatable {
    /// How far (ms) a clock may run ahead of the reference time (status-go `maxWhisperFutureDriftMs`).
    public static let maxFutureDriftMs: UInt64 = 120_000
    /// Largest ChatMessage text in UTF-8 bytes.
    public static let maxTextBytes = TextRules.maxTextBytes

    /// Caps on media payloads (a Parley addition; see `MediaLimits`).
    public var limits: MediaLimits

    public init(limits: MediaLimits = .default) {
        self.limits = limits
    }

    /// `(expiry − ttl) × 1000`: the send time of the envelope in ms (uint32 subtraction as status-go does it).
    public static func whisperTimestampMs(expiry: UInt32, ttl: UInt32) -> UInt64 {
        UInt64(expiry &- ttl) * 1000
    }

    /// The clock rule: `clock ≠ 0`, and not more than 120 000 ms ahead of `referenceMs`.
    public func validateClock(_ clock: UInt64, referenceMs: UInt64) throws(ValidationRejection) {
        guard clock != 0 else { throw .zeroClock }
        if clock > referenceMs && clock - referenceMs > Self.maxFutureDriftMs {
            throw .clockTooFarAhead(clock: clock, referenceMs: referenceMs)
        }
    }

    /// PairInstallation: clock rule; trimmed name, device type and installation id non-empty.
    public func validate(_ pairing: Protobuf_PairInstallation, whisperTimestampMs: UInt64) throws(ValidationRejection) {
        try validateClock(pairing.clock, referenceMs: whisperTimestampMs)
        guard !TextRules.isBlank(pairing.name) else { throw .emptyInstallationName }
        guard !TextRules.isBlank(pairing.deviceType) else { throw .emptyDeviceType }
        guard !TextRules.isBlank(pairing.installationID) else { throw .emptyInstallationID }
    }

    /// EmojiReaction: clock rule; message_id and chat_id non-empty; type and message type not UNKNOWN
    /// (the last two as status-go's validator does, beyond the wire-facts table).
    public func validate(_ reaction: Protobuf_EmojiReaction, whisperTimestampMs: UInt64) throws(ValidationRejection) {
        try validateClock(reaction.clock, referenceMs: whisperTimestampMs)
        guard !reaction.messageID.isEmpty else { throw .emptyMessageID }
        guard !reaction.chatID.isEmpty else { throw .emptyChatID }
        guard reaction.type != .unknownEmojiReactionType else { throw .unknownEmojiReactionType }
        guard reaction.messageType != .unknownMessageType else { throw .invalidMessageType(reaction.messageType) }
    }

    /// GroupChatInvitation: chat_id non-empty (status-go checks nothing else).
    public func validate(_ invitation: Protobuf_GroupChatInvitation) throws(ValidationRejection) {
        guard !invitation.chatID.isEmpty else { throw .emptyChatID }
    }
}
