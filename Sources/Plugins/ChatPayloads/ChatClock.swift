/// The clock and timestamp a sender puts on one outgoing payload.
public struct ClockTick: Sendable, Equatable, Hashable {
    /// The Lamport clock value.
    public let clock: UInt64
    /// Unix milliseconds at send (`ChatMessage.timestamp`).
    public let timestampMs: UInt64

    public init(clock: UInt64, timestampMs: UInt64) {
        self.clock = clock
        self.timestampMs = timestampMs
    }
}

/// A chat's Lamport clock (wire-facts §5.6, status-go `protocol/chat.go`). Exists so sending and receiving
/// advance the clock by the same rule for every clocked payload (messages, reactions, group events, …).
///
/// send: `t = now; clock = (last == 0 || last < t) ? t : last + 1`; receive: `last = max(last, clock)`.
/// `last + 1` saturates at `UInt64.max` instead of trapping (a peer can send any clock).
public struct ChatClock: Sendable, Equatable, Hashable, Codable {
    /// The highest clock sent or seen in this chat (0 = none).
    public private(set) var last: UInt64

    public init(last: UInt64 = 0) {
        self.last = last
    }

    /// The clock for a payload sent at `nowMs`; advances `last` to it.
    public mutating func next(nowMs: UInt64) -> ClockTick {
        let clock: UInt64
        if last == 0 || last < nowMs {
            clock = nowMs
        } else {
            clock = last == .max ? .max : last + 1
        }
        last = clock
        return ClockTick(clock: clock, timestampMs: nowMs)
    }

    /// Records a received payload's clock.
    public mutating func observe(_ clock: UInt64) {
        last = max(last, clock)
    }
}
