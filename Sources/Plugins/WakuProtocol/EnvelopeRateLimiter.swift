import Kernel

/// The per-peer limit on envelopes received (`waku.rate-limit`), checked by each session before it
/// accepts a Messages packet.
public actor EnvelopeRateLimiter {
    private var limiter: RateLimiter

    /// - Parameter perSecond: envelopes per peer per second; 0 = none.
    public init(perSecond: Int) { limiter = RateLimiter(perSecond: perSecond) }

    /// Whether `count` envelopes from `peer` fit its budget at `now` (unix seconds).
    func admit(_ count: Int, from peer: PeerID, now: UInt32) -> RateDecision { limiter.admit(count, from: peer, now: now) }

    /// Drops the peer's window (it left).
    func forget(_ peer: PeerID) { limiter.forget(peer) }
}

/// What the rate limiter decided for one packet.
enum RateDecision: Sendable, Equatable {
    case admitted
    /// Over the budget; `firstInWindow` is true for the first refusal in this peer's current second —
    /// the one that is penalised, so a flood costs its peer one penalty per second, not one per packet.
    case refused(firstInWindow: Bool)
}

/// Per-peer envelope budget per one-second window.
struct RateLimiter: Sendable {
    let perSecond: Int
    private var windows: [PeerID: (second: UInt32, count: Int, refused: Bool)] = [:]

    init(perSecond: Int) { self.perSecond = perSecond }

    mutating func admit(_ count: Int, from peer: PeerID, now: UInt32) -> RateDecision {
        guard perSecond > 0 else { return .admitted }
        var window = windows[peer] ?? (now, 0, false)
        if window.second != now { window = (now, 0, false) }
        // Refused envelopes do not use up the budget: an honest burst after a refusal still fits.
        guard window.count + count <= perSecond else {
            let first = !window.refused
            window.refused = true
            windows[peer] = window
            return .refused(firstInWindow: first)
        }
        window.count += count
        windows[peer] = window
        return .admitted
    }

    mutating func forget(_ peer: PeerID) { windows[peer] = nil }
}
