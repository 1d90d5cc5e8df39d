/// Builders for outgoing ChatMessages (wire-facts §5.3, §5.4). Exists so everything the messenger sends
/// already passes the receive rules of §5.5 — non-empty trimmed text ≤ 4096 bytes (errata #26: media
/// get status-go's fallback texts), matching message type, sniffed media types — and peers never drop it.
public enum ChatMessages {
    /// Fallback text of sticker messages (the text status clients send).
    public static let stickerFallbackText = "Update to latest version to see a nice sticker here!"
    /// Fallback text of image messages.
    public static let imageFallbackText = "Update to latest version to see a nice image here!"
    /// Fallback text of audio messages.
    public static let audioFallbackText = "Update to latest version to listen to an audio message here!"

    /// A TEXT_PLAIN message.
    public static func text(_ text: String, to target: ChatTarget, tick: ClockTick,
                            replyingTo reply: MessageID? = nil, ensName: String = "") throws(ChatMessageBuildError) -> Protobuf_ChatMessage {
        try base(text, .textPlain, target, tick, reply, ensName)
    }

    /// An EMOJI message: the text is the emoji itself (content type EMOJI, no payload).
    public static func emoji(_ emoji: String, to target: ChatTarget, tick: ClockTick,
                             replyingTo reply: MessageID? = nil, ensName: String = "") throws(ChatMessageBuildError) -> Protobuf_ChatMessage {
        try base(emoji, .emoji, target, tick, reply, ensName)
    }

    /// A STICKER message with its fallback text.
    public static func sticker(hash: String, pack: Int32, to target: ChatTarget, tick: ClockTick,
                               replyingTo reply: MessageID? = nil, ensName: String = "") throws(ChatMessageBuildError) -> Protobuf_ChatMessage {
        guard !hash.isEmpty else { throw .emptyStickerHash }
        var message = try base(stickerFallbackText, .sticker, target, tick, reply, ensName)
        var sticker = Protobuf_StickerMessage()
        sticker.hash = hash
        sticker.pack = pack
        message.payload = .sticker(sticker)
        return message
    }

    /// The common fields; checks the text as receivers will.
    static func base(_ text: String, _ contentType: Protobuf_ChatMessage.ContentType, _ target: ChatTarget,
                     _ tick: ClockTick, _ reply: MessageID?, _ ensName: String) throws(ChatMessageBuildError) -> Protobuf_ChatMessage {
        guard !TextRules.isBlank(text) else { throw .emptyText }
        let byteCount = text.utf8.count
        guard byteCount <= TextRules.maxTextBytes else { throw .textTooLong(byteCount: byteCount) }
        guard tick.clock != 0, tick.timestampMs != 0 else { throw .zeroClock }
        var message = Protobuf_ChatMessage()
        message.clock = tick.clock
        message.timestamp = tick.timestampMs
        message.text = text
        message.responseTo = reply?.hex ?? ""
        message.ensName = ensName
        message.chatID = target.chatID
        message.messageType = target.messageType
        message.contentType = contentType
        return message
    }
}

/// Why an outgoing ChatMessage was not built: each case is a message peers would drop.
public enum ChatMessageBuildError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is blank.
    case emptyText
    /// The text is over 4096 UTF-8 bytes.
    case textTooLong(byteCount: Int)
    /// Clock or timestamp is 0 (take them from `ChatClock.next(nowMs:)`).
    case zeroClock
    /// The sticker hash is empty.
    case emptyStickerHash
    /// The media bytes are empty.
    case emptyMedia(MediaKind)
    /// The bytes are not a supported image/audio format (wire-facts §5.8).
    case unsupportedMedia(MediaKind)
    /// The media is larger than `MediaLimits` allow.
    case mediaTooLarge(MediaKind, byteCount: Int, limit: Int)

    public var description: String {
        switch self {
        case .emptyText: return "message text is blank; write something (receivers drop blank messages)"
        case .textTooLong(let count): return "message text is \(count) bytes; shorten it to at most 4096 UTF-8 bytes"
        case .zeroClock: return "message clock and timestamp must be non-zero; take them from the chat's ChatClock"
        case .emptyStickerHash: return "sticker hash is empty"
        case .emptyMedia(let kind): return "\(kind) is empty"
        case .unsupportedMedia(.image): return "image is not JPEG, PNG, GIF or WEBP; convert it first"
        case .unsupportedMedia(.audio): return "audio is not AAC (ADTS) or AMR; convert it first"
        case .mediaTooLarge(let kind, let count, let limit): return "\(kind) is \(count) bytes; the limit is \(limit) bytes — compress it"
        }
    }
}
