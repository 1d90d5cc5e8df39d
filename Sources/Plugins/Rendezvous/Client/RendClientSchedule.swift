/// The client's schedule (status-go `discovery/rendezvous.go` defaults, wire-facts §1.9): register with a
/// 10 s TTL every 5 s, discover with limit 10, 5 s per request; plus the discovery budget.
public struct RendClientSchedule: Sendable, Equatable {
    public var topics: [String] = ["whisper"]
    /// Register this node's record under `topics` (off for a node that only looks).
    public var register = true
    public var ttl: Duration = .seconds(10)
    public var reregisterEvery: Duration = .seconds(5)
    public var discoverLimit: UInt64 = 10
    public var requestTimeout: Duration = .seconds(5)
    public var discoversPerMinute = 12
    public var bytesPerMinute = 10_240

    public init() {}

    var ttlNanoseconds: UInt64 {
        UInt64(ttl.components.seconds) * 1_000_000_000 + UInt64(ttl.components.attoseconds / 1_000_000_000)
    }
}
