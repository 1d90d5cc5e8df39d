/// When to give up on a record (wire-facts §4.3 has no limit: status-go retries for ever). A record that reaches
/// a limit is removed and reported to the caller as expired by `tick()` — never dropped silently.
public struct DeliveryLimits: Sendable, Hashable {
    /// Transmissions of one record (per kind: an offer that turns into a message starts again) before it
    /// expires; `nil` for no limit.
    public var maxAttempts: Int?
    /// Epochs since the record was created before it expires; `nil` for no limit.
    public var maxAgeEpochs: Int64?

    public init(maxAttempts: Int?, maxAgeEpochs: Int64?) {
        self.maxAttempts = maxAttempts.map { max(1, $0) }
        self.maxAgeEpochs = maxAgeEpochs.map { max(1, $0) }
    }

    /// No limit, as status-go.
    public static let unlimited = DeliveryLimits(maxAttempts: nil, maxAgeEpochs: nil)

    /// Parley's default: 100 transmissions (to a silent peer: six within the first 31 epochs, then one every 32
    /// epochs — about 15 minutes at 300 ms) or one hour (12 000 epochs), whichever comes first. Store nodes keep the envelopes for 30 days, so
    /// a peer that stays offline longer recovers through history, not through retransmission.
    public static let parley = DeliveryLimits(maxAttempts: 100, maxAgeEpochs: 12_000)
}
