import Kernel

/// The capabilities of the Waku plugins, declared once so descriptors and service keys agree. All are
/// exclusive: a profile runs at most one `waku`, `send`, `receive`, `history`, `relay` and `store`.
extension Capability {
    /// The `waku/1` peer set (the `waku` plugin).
    public static let waku = Capability("waku", exclusive: true)
    /// Posting envelopes (`EnvelopeSender`, the `send` plugin).
    public static let wakuSend = Capability("waku.send", exclusive: true)
    /// Subscriptions by topic and key (`EnvelopeReceiver`, the `receive` plugin).
    public static let wakuReceive = Capability("waku.receive", exclusive: true)
    /// Fetching archived envelopes (`HistoryClient`, the `history` plugin).
    public static let wakuHistory = Capability("waku.history", exclusive: true)
    /// Flooding envelopes to interested peers (the `relay` plugin).
    public static let wakuRelay = Capability("waku.relay", exclusive: true)
    /// Archiving envelopes and answering history requests (the `store` plugin).
    public static let wakuStore = Capability("waku.store", exclusive: true)
}
