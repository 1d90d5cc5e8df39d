/// A candidate peer found by a discovery source.
public struct PeerRecord: Hashable, Sendable {
    public let address: PeerAddress
    /// The discovery source's plugin key (`static-peers`, `discv5`, `rendezvous`), for accounting.
    public let source: String
    /// Keep this peer connected: redial it with backoff whenever it drops (static peers).
    public let persistent: Bool

    public init(address: PeerAddress, source: String, persistent: Bool = false) {
        self.address = address
        self.source = source
        self.persistent = persistent
    }
}

/// A pull-based source of peers. The connection manager asks only when it has free dial slots, so
/// discovery traffic scales with need (and stops when enough peers are connected).
///
/// `nextPeers(limit:)` returns up to `limit` records it has not returned before, or an empty array if
/// it has none right now; it should not block for long (the manager polls again later). Sources
/// that talk on the network count their traffic with the `TrafficCounter` from
/// `context.network.trafficCounter(for:)`.
public protocol DiscoverySource: Sendable {
    var name: String { get }
    func nextPeers(limit: Int) async throws -> [PeerRecord]
}
