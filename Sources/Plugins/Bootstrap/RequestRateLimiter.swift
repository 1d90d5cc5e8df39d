import Foundation

/// A token bucket for a peer's requests (GetPeers, re-announces): `perSecond` on average, bursts
/// of up to twice that (at least 2, so a client asking on connect and then on a 1 s timer fits).
struct RequestRateLimiter: Sendable {
    let perSecond: Double
    let burst: Double
    private var tokens: Double
    private var last: Date?

    init(perSecond: Double) {
        self.perSecond = perSecond
        self.burst = max(2, perSecond * 2)
        self.tokens = burst
    }

    /// Takes one token if there is one at `now`.
    mutating func admit(at now: Date) -> Bool {
        if let last { tokens = min(burst, tokens + max(0, now.timeIntervalSince(last)) * perSecond) }
        last = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
