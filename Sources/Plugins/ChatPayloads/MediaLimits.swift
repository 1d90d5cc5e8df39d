/// Size caps on received and sent media payloads (not in wire-facts; a Parley choice).
///
/// Default 1 MiB for images and for audio: a default Waku node accepts envelopes of at most 1 MiB
/// (`defaultMaxMessageSize`), and the media travels inside the ChatMessage, AMM, ProtocolMessage,
/// data field and envelope, so no legitimate media payload from a default-configured network is larger.
/// Anything bigger can only come from a peer with a raised limit and would be refused by most Status
/// nodes on the way — we refuse it too, before it reaches storage or an image decoder.
public struct MediaLimits: Sendable, Equatable {
    /// Largest accepted `ImageMessage.payload`, bytes.
    public var maxImageBytes: Int
    /// Largest accepted `AudioMessage.payload`, bytes.
    public var maxAudioBytes: Int

    public init(maxImageBytes: Int = Self.oneMiB, maxAudioBytes: Int = Self.oneMiB) {
        self.maxImageBytes = maxImageBytes
        self.maxAudioBytes = maxAudioBytes
    }

    /// 1 MiB, the default Waku envelope size limit.
    public static let oneMiB = 1 << 20
    /// 1 MiB each.
    public static let `default` = MediaLimits()

    /// The cap for `kind`.
    public func limit(for kind: MediaKind) -> Int {
        switch kind {
        case .image: return maxImageBytes
        case .audio: return maxAudioBytes
        }
    }
}
