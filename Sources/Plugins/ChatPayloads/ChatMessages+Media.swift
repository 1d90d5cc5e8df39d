import Foundation

extension ChatMessages {
    /// An IMAGE message. The type is sniffed from the bytes (wire-facts §5.8); unknown formats, empty and
    /// oversized images are refused.
    public static func image(_ bytes: [UInt8], to target: ChatTarget, tick: ClockTick, replyingTo reply: MessageID? = nil,
                             ensName: String = "", limits: MediaLimits = .default) throws(ChatMessageBuildError) -> Protobuf_ChatMessage {
        try checkMedia(.image, bytes, limits)
        let type = MediaSniffer.imageType(of: bytes)
        guard type != .unknownImageType else { throw .unsupportedMedia(.image) }
        var message = try base(imageFallbackText, .image, target, tick, reply, ensName)
        var image = Protobuf_ImageMessage()
        image.payload = Data(bytes)
        image.type = type
        message.payload = .image(image)
        return message
    }

    /// An AUDIO message of `durationMs`. The type is sniffed (AAC or AMR); unknown formats, empty and
    /// oversized recordings are refused.
    public static func audio(_ bytes: [UInt8], durationMs: UInt64, to target: ChatTarget, tick: ClockTick,
                             replyingTo reply: MessageID? = nil, ensName: String = "",
                             limits: MediaLimits = .default) throws(ChatMessageBuildError) -> Protobuf_ChatMessage {
        try checkMedia(.audio, bytes, limits)
        let type = MediaSniffer.audioType(of: bytes)
        guard type != .unknownAudioType else { throw .unsupportedMedia(.audio) }
        var message = try base(audioFallbackText, .audio, target, tick, reply, ensName)
        var audio = Protobuf_AudioMessage()
        audio.payload = Data(bytes)
        audio.type = type
        audio.durationMs = durationMs
        message.payload = .audio(audio)
        return message
    }

    private static func checkMedia(_ kind: MediaKind, _ bytes: [UInt8], _ limits: MediaLimits) throws(ChatMessageBuildError) {
        guard !bytes.isEmpty else { throw .emptyMedia(kind) }
        let limit = limits.limit(for: kind)
        guard bytes.count <= limit else { throw .mediaTooLarge(kind, byteCount: bytes.count, limit: limit) }
    }
}
