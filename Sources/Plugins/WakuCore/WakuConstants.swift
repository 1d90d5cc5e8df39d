/// Waku v1 protocol constants and status-go v0.62 defaults (wire-facts §2.2, §2.3, §2.9, §2.10).
///
/// Plugins read their defaults from here so each value has exactly one home.
public enum WakuConstants {
    /// `size = envelopeHeaderLength + len(data)` (status-go `EnvelopeHeaderLength`).
    public static let envelopeHeaderLength = 20
    /// Bloom filters are 64 bytes (512 bits).
    public static let bloomByteCount = 64
    /// Default maximum envelope size a node accepts: 1 MiB.
    public static let defaultMaxMessageSize = 1 << 20
    /// Hard cap on any configured maximum envelope size: 10 MiB.
    public static let hardMaxMessageSize = 10 << 20
    /// How far in the future an envelope's `sent` time may be (status-go `DefaultSyncAllowance`, seconds).
    public static let syncAllowance: UInt32 = 10
    /// Minimum PoW a status-go node enforces (`WakuMinimumPoW` in node config).
    public static let nodeMinimumPoW = 0.000002
    /// PoW assumed for a peer whose Status message omits the option (status-go `WithDefaults`).
    public static let defaultPeerPoW = 0.001
    /// TTL the Waku API uses when none is given (seconds).
    public static let defaultTTL: UInt32 = 50
    /// Limit on topics in a topic-interest option.
    public static let maxTopicInterest = 10_000
    /// Maximum envelopes per history page (mailserver `Limit`; 0 means this value).
    public static let maxHistoryLimit: UInt32 = 1000
    /// Mailserver history cursor length: `BE32(sent) ‖ envelope hash`.
    public static let historyCursorLength = 36
    /// MessageResponse error code for time-sync problems (Go `iota` position, errata #10).
    public static let responseCodeTimeNotSynced: UInt = 21
    /// MessageResponse error code for every other rejection (errata #10).
    public static let responseCodeOther: UInt = 22
}

/// How the Status app sends (wire-facts §2.9, status-go `protocol/common/message_processor.go`).
public enum StatusSendDefaults {
    /// Time to live of every Status envelope, seconds.
    public static let ttl: UInt32 = 15
    /// PoW target for ordinary payloads.
    public static let powTarget = 0.002
    /// PoW target for payloads above `largePayloadThreshold` bytes.
    public static let largePayloadPoWTarget = 0.000002
    /// Payload size (bytes) above which the lower PoW target applies.
    public static let largePayloadThreshold = 50_000
    /// Time budget for sealing.
    public static let workTime: Duration = .seconds(5)

    /// The PoW target Status uses for a payload of `payloadSize` bytes.
    public static func powTarget(forPayloadSize payloadSize: Int) -> Double {
        payloadSize > largePayloadThreshold ? largePayloadPoWTarget : powTarget
    }
}
