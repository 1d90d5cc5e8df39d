import WakuCore

/// Hashes of envelopes already handled, each kept until its envelope expires (then it could not be
/// accepted again anyway). Used by `relay` and `receive` to act on every envelope exactly once.
public actor SeenEnvelopes {
    private var expiries: [EnvelopeHash: UInt32] = [:]
    private var lastPrune: UInt32 = 0

    public init() {}

    /// Number of hashes currently remembered.
    public var count: Int { expiries.count }

    /// Records `envelope` and returns `true` the first time it is seen before its expiry; `false` for
    /// a duplicate. Prunes expired hashes at most once per second of `now`.
    public func firstSighting(of envelope: Envelope, now: UInt32) -> Bool {
        if now != lastPrune {
            expiries = expiries.filter { $0.value >= now }
            lastPrune = now
        }
        if expiries[envelope.hash] != nil { return false }
        expiries[envelope.hash] = envelope.expiry
        return true
    }
}
