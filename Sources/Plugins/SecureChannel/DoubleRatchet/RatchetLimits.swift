/// How many skipped message keys a Double Ratchet session may derive and keep (wire-facts §3.4, §3.6).
///
/// Exists so a hostile sender cannot make us derive or store unbounded keys, while ordinary loss and
/// reordering still decrypt. The defaults are status-go's `WithMaxSkip(1000)`, `WithMaxKeep(3000)`,
/// `WithMaxMessageKeysPerSession(2000)`.
public struct RatchetLimits: Sendable, Equatable {
    /// A message more than this many positions ahead of the receiving chain is refused.
    public var maxSkip: UInt32
    /// Skipped keys whose sequence number is `keysCount − maxKeep` or older are dropped.
    public var maxKeep: UInt64
    /// At most this many skipped keys are kept per session; the oldest go first.
    public var maxMessageKeysPerSession: Int

    public init(maxSkip: UInt32 = 1000, maxKeep: UInt64 = 3000, maxMessageKeysPerSession: Int = 2000) {
        self.maxSkip = maxSkip
        self.maxKeep = maxKeep
        self.maxMessageKeysPerSession = maxMessageKeysPerSession
    }

    /// status-go v0.62's configuration.
    public static let statusGo = RatchetLimits()
}
