import Foundation

/// A per-peer token bucket on the messages this node reads from a peer (`max-messages-per-second-per-peer`).
/// It exists so one peer publishing valid junk as fast as it can cannot fill this node's CPU and its other
/// peers' outboxes: once the bucket is empty the reader pauses that peer's stream until it refills, the unread
/// bytes fill the yamux window, and the flood stalls at the sender. Nothing is dropped and nothing is
/// penalised (valid messages are not misbehaviour in gossipsub v1.1); the peer is only read more slowly.
struct GossipsubReadRate: Sendable {
    let perSecond: Double
    private var tokens: Double
    private var last: Date

    init(perSecond: Int, now: Date) {
        self.perSecond = Double(perSecond)
        tokens = Double(perSecond)   // one second of burst
        last = now
    }

    /// Takes `messages` from the bucket at `now`; returns how long to wait before reading this peer again
    /// (nil: keep reading).
    mutating func take(_ messages: Int, now: Date) -> Duration? {
        tokens = min(perSecond, tokens + max(0, now.timeIntervalSince(last)) * perSecond)
        last = now
        tokens -= Double(messages)
        guard tokens < 0 else { return nil }
        return .milliseconds(Int64((-tokens / perSecond * 1000).rounded(.up)))
    }
}

/// What the stream reader does after handing the router one RPC.
public enum GossipsubReadVerdict: Sendable, Equatable {
    case keepReading
    /// Stop reading this peer for the duration: it is graylisted, or over its message rate.
    case pause(Duration)
}
