import Kernel

/// Settings of the `bootstrap` plugin (YAML keys in kebab-case).
public struct BootstrapConfig: Decodable, Sendable, Equatable {
    /// Most peers in one Peers answer (whatever larger limit the asker names), 1…64.
    public var maxPeersPerAnswer = 16
    /// Most peers the directory lists at once.
    public var directorySize = 1000
    /// GetPeers accepted per peer and second (bursts of twice that); excess is penalised and ignored.
    /// Re-announces have their own budget of 1 per second.
    public var getPeersPerSecond = 1.0
    /// Seconds to wait for a peer's Announce before dropping it.
    public var announceTimeoutSeconds = 10.0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case maxPeersPerAnswer, directorySize, getPeersPerSecond, announceTimeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = BootstrapConfig()
        maxPeersPerAnswer = try c.decode(Int.self, forKey: .maxPeersPerAnswer, default: d.maxPeersPerAnswer, in: 1...PexCapability.maxLimit)
        directorySize = try c.decode(Int.self, forKey: .directorySize, default: d.directorySize, in: 1...1_000_000)
        getPeersPerSecond = try c.decode(Double.self, forKey: .getPeersPerSecond, default: d.getPeersPerSecond, in: 0.001...1000)
        announceTimeoutSeconds = try c.decode(Double.self, forKey: .announceTimeoutSeconds, default: d.announceTimeoutSeconds, in: 0.01...3600, unit: "seconds")
    }

    var announceTimeout: Duration { .milliseconds(Int64(announceTimeoutSeconds * 1000)) }
}
