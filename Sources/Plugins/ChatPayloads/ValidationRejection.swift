/// Which media payload a size or presence rule is about.
public enum MediaKind: String, Sendable, Equatable, CustomStringConvertible {
    case image, audio
    public var description: String { rawValue }
}

/// Why a received payload was rejected by `MessageValidator` (wire-facts §5.5, status-go `message_validator.go`).
/// A rejected payload is dropped; the reason is for logs and metrics.
public indirect enum ValidationRejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// `clock` is 0.
    case zeroClock
    /// `clock` is more than the allowance (120 000 ms) ahead of the reference time.
    case clockTooFarAhead(clock: UInt64, referenceMs: UInt64)
    /// ChatMessage `timestamp` is 0.
    case zeroTimestamp
    /// ChatMessage text is empty after trimming whitespace (required for every content type, errata #26).
    case emptyText
    /// ChatMessage text is longer than 4096 UTF-8 bytes.
    case textTooLong(byteCount: Int)
    /// `chat_id` is empty.
    case emptyChatID
    /// message_type is UNKNOWN or the local-only SYSTEM_MESSAGE_PRIVATE_GROUP.
    case invalidMessageType(Protobuf_MessageType)
    /// content_type is UNKNOWN, or TRANSACTION_COMMAND (never accepted from others).
    case invalidContentType(Protobuf_ChatMessage.ContentType)
    /// content_type STICKER without a sticker.
    case missingSticker
    /// Sticker hash is empty.
    case emptyStickerHash
    /// content_type IMAGE/AUDIO without that payload.
    case missingMedia(MediaKind)
    /// Image or audio payload is empty.
    case emptyMedia(MediaKind)
    /// Image or audio type is UNKNOWN.
    case unknownMediaType(MediaKind)
    /// Image or audio payload is larger than the configured `MediaLimits`.
    case mediaTooLarge(MediaKind, byteCount: Int, limit: Int)
    /// PairInstallation name is blank.
    case emptyInstallationName
    /// PairInstallation device_type is blank.
    case emptyDeviceType
    /// PairInstallation installation_id is blank.
    case emptyInstallationID
    /// EmojiReaction message_id is empty.
    case emptyMessageID
    /// EmojiReaction type is UNKNOWN.
    case unknownEmojiReactionType
    /// A membership update event does not decode or has a bad signature.
    case undecodableMembershipEvent(index: Int, GroupEventError)
    /// A membership update event failed a rule (the clock rule against local time).
    case membershipEvent(index: Int, ValidationRejection)

    public var description: String {
        switch self {
        case .zeroClock: return "clock is 0; every clocked payload needs a Lamport clock"
        case .clockTooFarAhead(let clock, let reference):
            return "clock \(clock) is \(clock &- reference) ms ahead of the reference time \(reference) ms (at most 120000 allowed); check the sender's clock"
        case .zeroTimestamp: return "chat message timestamp is 0"
        case .emptyText: return "chat message text is blank; every message, stickers and media included, needs a non-empty text"
        case .textTooLong(let count): return "chat message text is \(count) bytes; at most 4096 UTF-8 bytes are allowed"
        case .emptyChatID: return "chat_id is empty"
        case .invalidMessageType(let type): return "message type \(type) is not accepted from the network"
        case .invalidContentType(let type): return "content type \(type) is not accepted from the network"
        case .missingSticker: return "sticker message carries no sticker"
        case .emptyStickerHash: return "sticker hash is empty"
        case .missingMedia(let kind): return "\(kind) message carries no \(kind)"
        case .emptyMedia(let kind): return "\(kind) payload is empty"
        case .unknownMediaType(let kind): return "\(kind) type is UNKNOWN; the sender must set it from the sniffed bytes"
        case .mediaTooLarge(let kind, let count, let limit): return "\(kind) payload is \(count) bytes; the limit is \(limit)"
        case .emptyInstallationName: return "pair installation name is blank"
        case .emptyDeviceType: return "pair installation device type is blank"
        case .emptyInstallationID: return "pair installation id is blank"
        case .emptyMessageID: return "emoji reaction message_id is empty"
        case .unknownEmojiReactionType: return "emoji reaction type is UNKNOWN"
        case .undecodableMembershipEvent(let index, let error): return "membership event #\(index): \(error)"
        case .membershipEvent(let index, let rejection): return "membership event #\(index): \(rejection)"
        }
    }
}
