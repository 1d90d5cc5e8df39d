import Kernel

/// The per-peer limit on envelopes received (`waku.rate-limit`), checked by each session before it
/// accepts a Messages packet.
public actor EnvelopeRateLimiter {
    private var limiter: RateLimiter

    /// - Parameter perSecond: envelopes per peer per second; 0 = none.
    public init(perSecond: Int) { limiter = RateLimiter(perSecond: perSecond) }

    /// `false` if `peer` exceeded its envelope budget at `now` (unix seconds).
    func admit(_ count: Int, from peer: PeerID, now: UInt32) -> Bool { limiter.admit(count, from: peer, now: now) }

    /// Drops the peer's window (it left).
    func forget(_ peer: PeerID) { limiter.forget(peer) }
}

/// Per-peer envelope budget per one-second window.
struct RateLimiter: Sendable {
    let perSecond: Int
    private var windows: [PeerID: (second: UInt32, count: Int)] = [:]

    init(perSecond: Int) { self.perSecond = perSecond }

    mutating func admit(_ count: Int, from peer: PeerID, now: UInt32) -> Bool {
        guard perSecond > 0 else { return true }
        var window = windows[peer] ?? (now, 0)
        if window.second != now { window = (now, 0) }
        window.count += count
        windows[peer] = window
        return window.count <= perSecond
    }

    mutating func forget(_ peer: PeerID) { windows[peer] = nil }
}
