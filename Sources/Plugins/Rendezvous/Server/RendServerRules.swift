/// The server's limits (profile settings of a rendezvous point). Defaults are status-im/rendezvous
/// v1.3.0's rules (wire-facts §1.9) plus the caps that keep memory bounded under a registration flood.
public struct RendServerRules: Sendable, Equatable {
    /// Longest TTL a REGISTER may ask for (20 s).
    public var maximumTTLNanoseconds: UInt64 = 20_000_000_000
    /// DISCOVER limits above this are clamped, not refused (10).
    public var maximumLimit: UInt64 = 10
    /// A record is kept this long past its TTL (500 ms).
    public var graceNanoseconds: UInt64 = 500_000_000
    /// Topics are 1…50 bytes without 0xff.
    public var maximumTopicBytes = 50
    /// Records held at once, across all topics: the memory bound. A REGISTER beyond it gets E_INTERNAL_ERROR.
    public var maximumRecords = 10_000
    /// Live registrations one connected peer may hold (distinct topic + record pairs). Beyond it: E_NOT_AUTHORIZED
    /// and a penalty.
    public var maximumRegistrationsPerPeer = 16
    /// Requests one peer may make per second on a stream; more are refused with E_NOT_AUTHORIZED and penalised.
    public var requestsPerSecond = 20

    public init() {}
}
