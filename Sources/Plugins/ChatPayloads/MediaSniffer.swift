/// What `MediaSniffer.sniff` found.
public enum SniffedMedia: Sendable, Equatable {
    case image(Protobuf_ImageType)
    case audio(Protobuf_AudioMessage.AudioType)
    case unknown
}

/// Media type detection from leading bytes, exactly as status-go v0.62 `protocol/images/type.go` and
/// `protocol/audio/type.go` do it (wire-facts §5.8). Exists so senders label ImageMessage/AudioMessage types
/// from the bytes, never from a file name.
///
/// Order (first match wins): JPEG `ff d8 ff`, PNG `89 50 4e 47`, GIF `47 49 46`, WEBP `"WEBP"` at
/// offset 8 (needs ≥ 12 bytes; "RIFF" is not checked), AAC `ff f1`/`ff f9`, AMR `"#!AMR\n"` — which
/// status-go only recognises in buffers of **at least 12 bytes** although the magic is 6.
public enum MediaSniffer {
    /// The image type of `bytes`, or UNKNOWN_IMAGE_TYPE.
    public static func imageType(of bytes: [UInt8]) -> Protobuf_ImageType {
        if hasPrefix(bytes, [0xff, 0xd8, 0xff]) { return .jpeg }
        if hasPrefix(bytes, [0x89, 0x50, 0x4e, 0x47]) { return .png }
        if hasPrefix(bytes, [0x47, 0x49, 0x46]) { return .gif }
        if bytes.count >= 12 && bytes[8..<12].elementsEqual([0x57, 0x45, 0x42, 0x50]) { return .webp }
        return .unknownImageType
    }

    /// The audio type of `bytes`, or UNKNOWN_AUDIO_TYPE.
    public static func audioType(of bytes: [UInt8]) -> Protobuf_AudioMessage.AudioType {
        if hasPrefix(bytes, [0xff, 0xf1]) || hasPrefix(bytes, [0xff, 0xf9]) { return .aac }
        if bytes.count >= 12 && hasPrefix(bytes, [0x23, 0x21, 0x41, 0x4d, 0x52, 0x0a]) { return .amr }
        return .unknownAudioType
    }

    /// Images first, then audio, in the wire-facts order.
    public static func sniff(_ bytes: [UInt8]) -> SniffedMedia {
        let image = imageType(of: bytes)
        if image != .unknownImageType { return .image(image) }
        let audio = audioType(of: bytes)
        if audio != .unknownAudioType { return .audio(audio) }
        return .unknown
    }

    private static func hasPrefix(_ bytes: [UInt8], _ magic: [UInt8]) -> Bool {
        bytes.count >= magic.count && bytes.prefix(magic.count).elementsEqual(magic)
    }
}
