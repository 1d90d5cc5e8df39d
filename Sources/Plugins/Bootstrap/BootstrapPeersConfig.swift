import Kernel

/// Settings of the `bootstrap-peers` plugin (YAML keys in kebab-case).
public struct BootstrapPeersConfig: Decodable, Sendable, Equatable {
    /// Seconds between GetPeers to each serving peer (one is also sent right after its Announce); ≥ 1.
    public var refreshSeconds = 30.0
    /// The `limit` of each GetPeers, 1…64.
    public var peersPerRequest = 16
    /// Announce this node's listening port so bootstrap nodes hand it out; false for nodes that
    /// cannot accept connections (behind NAT, on a phone).
    public var announce = true
    /// Seconds to wait for a peer's Announce before dropping it.
    public var announceTimeoutSeconds = 10.0

    public init() {}

    enum CodingKeys: String, CodingKey { case refreshSeconds, peersPerRequest, announce, announceTimeoutSeconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = BootstrapPeersConfig()
        refreshSeconds = try c.decode(Double.self, forKey: .refreshSeconds, default: d.refreshSeconds, in: 1...86_400,
                                        unit: "seconds (bootstrap nodes rate-limit GetPeers to about 1 per second)")
        peersPerRequest = try c.decode(Int.self, forKey: .peersPerRequest, default: d.peersPerRequest, in: 1...PexCapability.maxLimit)
        announce = try c.decodeIfPresent(Bool.self, forKey: .announce) ?? d.announce
        announceTimeoutSeconds = try c.decode(Double.self, forKey: .announceTimeoutSeconds, default: d.announceTimeoutSeconds, in: 0.01...3600, unit: "seconds")
    }

    var refresh: Duration { .milliseconds(Int64(refreshSeconds * 1000)) }
    var announceTimeout: Duration { .milliseconds(Int64(announceTimeoutSeconds * 1000)) }
}
