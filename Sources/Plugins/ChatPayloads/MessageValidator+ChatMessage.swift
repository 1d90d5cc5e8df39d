extension MessageValidator {
    /// ChatMessage: clock rule; timestamp ≠ 0; trimmed text non-empty for every content type (errata #26);
    /// text ≤ 4096 bytes; chat_id non-empty; message type and content type allowed; sticker, image and
    /// audio presence rules; media within `limits`. Checked in status-go's order, so the first failing
    /// rule is the reason reported.
    public func validate(_ message: Protobuf_ChatMessage, whisperTimestampMs: UInt64) throws(ValidationRejection) {
        try validateClock(message.clock, referenceMs: whisperTimestampMs)
        guard message.timestamp != 0 else { throw .zeroTimestamp }
        guard !TextRules.isBlank(message.text) else { throw .emptyText }
        let textBytes = message.text.utf8.count
        guard textBytes <= Self.maxTextBytes else { throw .textTooLong(byteCount: textBytes) }
        guard !message.chatID.isEmpty else { throw .emptyChatID }
        switch message.messageType {
        case .unknownMessageType, .systemMessagePrivateGroup: throw .invalidMessageType(message.messageType)
        default: break
        }
        switch message.contentType {
        case .unknownContentType, .transactionCommand:
            throw .invalidContentType(message.contentType)
        case .sticker:
            guard case .sticker(let sticker)? = message.payload else { throw .missingSticker }
            guard !sticker.hash.isEmpty else { throw .emptyStickerHash }
        case .image:
            guard case .image(let image)? = message.payload else { throw .missingMedia(.image) }
            try checkMedia(.image, byteCount: image.payload.count, typeKnown: image.type != .unknownImageType)
        case .audio:
            guard case .audio(let audio)? = message.payload else { throw .missingMedia(.audio) }
            try checkMedia(.audio, byteCount: audio.payload.count, typeKnown: audio.type != .unknownAudioType)
        default:
            break
        }
    }

    private func checkMedia(_ kind: MediaKind, byteCount: Int, typeKnown: Bool) throws(ValidationRejection) {
        guard byteCount > 0 else { throw .emptyMedia(kind) }
        guard typeKnown else { throw .unknownMediaType(kind) }
        let limit = limits.limit(for: kind)
        guard byteCount <= limit else { throw .mediaTooLarge(kind, byteCount: byteCount, limit: limit) }
    }
}
