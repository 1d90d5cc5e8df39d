import Synchronization

/// Why an inbound packet or message was dropped; each is counted (see `DropCounters`).
public enum DropReason: String, Sendable, CaseIterable, Codable {
    case malformedPacket = "malformed-packet"
    case undecryptable
    case malformedMessage = "malformed-message"
    case unsolicitedWhoareyou = "unsolicited-whoareyou"
    case replayedHandshake = "replayed-handshake"
    case badHandshake = "bad-handshake"
    case unsolicitedResponse = "unsolicited-response"
    case badRecord = "bad-record"
    case excessRecords = "excess-records"
    case amplificationLimit = "amplification-limit"
    case whoareyouRateLimit = "whoareyou-rate-limit"
}

/// Thread-safe counters of dropped input by reason, shown in status and asserted by tests.
public final class DropCounters: Sendable {
    private let counts = Mutex<[DropReason: Int]>([:])

    public init() {}

    public func record(_ reason: DropReason, _ n: Int = 1) { counts.withLock { $0[reason, default: 0] += n } }
    public subscript(reason: DropReason) -> Int { counts.withLock { $0[reason] ?? 0 } }
    public var all: [DropReason: Int] { counts.withLock { $0 } }
}
