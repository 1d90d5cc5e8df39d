import Kernel

/// A simulated network, as a scenario file describes it: who runs (groups of nodes built from real
/// profiles), what connects them (the link model), what happens (churn, role switches, traffic), for
/// how long, and the seed that makes a run repeatable byte for byte.
public struct Scenario: Decodable, Sendable {
    public var name: String
    public var seed: UInt64
    /// Simulated time to run, after the warm-up.
    public var durationSeconds: Int
    /// Simulated time before traffic starts (nodes find peers).
    public var warmUpSeconds: Int
    /// How far virtual time moves at most in one step when nothing is scheduled (timer resolution).
    public var tickMilliseconds: Int
    /// Delivery times are rounded up to this grid, so messages due within one grid step arrive in one
    /// runner step (the cost of a step is settling every node, not the messages in it). Default 1 ms.
    public var resolutionMilliseconds: Double
    /// Where `profile:` names without `.yaml` are looked up (relative to the scenario file); default the shipped `profiles/`.
    public var profiles: String?
    public var link: LinkSpec
    public var groups: [GroupSpec]
    public var churn: [ChurnSpec]
    public var roleSwitches: [RoleSwitchSpec]
    public var traffic: TrafficSpec

    enum CodingKeys: String, CodingKey {
        case name, seed, durationSeconds, warmUpSeconds, tickMilliseconds, resolutionMilliseconds, profiles, link, groups, churn, roleSwitches, traffic
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
        durationSeconds = try c.decodeIfPresent(Int.self, forKey: .durationSeconds) ?? 60
        warmUpSeconds = try c.decodeIfPresent(Int.self, forKey: .warmUpSeconds) ?? 10
        tickMilliseconds = try c.decodeIfPresent(Int.self, forKey: .tickMilliseconds) ?? 100
        resolutionMilliseconds = try c.decodeIfPresent(Double.self, forKey: .resolutionMilliseconds) ?? 1
        profiles = try c.decodeIfPresent(String.self, forKey: .profiles)
        link = try c.decodeIfPresent(LinkSpec.self, forKey: .link) ?? LinkSpec()
        groups = try c.decode([GroupSpec].self, forKey: .groups)
        churn = try c.decodeIfPresent([ChurnSpec].self, forKey: .churn) ?? []
        roleSwitches = try c.decodeIfPresent([RoleSwitchSpec].self, forKey: .roleSwitches) ?? []
        traffic = try c.decodeIfPresent(TrafficSpec.self, forKey: .traffic) ?? TrafficSpec()
        guard durationSeconds > 0, warmUpSeconds >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .durationSeconds, in: c, debugDescription: "duration-seconds must be > 0 and warm-up-seconds ≥ 0")
        }
        guard resolutionMilliseconds >= 0, resolutionMilliseconds <= 1000 else {
            throw DecodingError.dataCorruptedError(forKey: .resolutionMilliseconds, in: c, debugDescription: "resolution-milliseconds must be 0…1000 (0: exact delivery times)")
        }
        guard (1...60_000).contains(tickMilliseconds) else {
            throw DecodingError.dataCorruptedError(forKey: .tickMilliseconds, in: c, debugDescription: "tick-milliseconds must be 1…60000")
        }
        guard !groups.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .groups, in: c, debugDescription: "a scenario needs at least one group of nodes")
        }
    }

    /// Total nodes.
    public var nodeCount: Int { groups.reduce(0) { $0 + $1.count } }
}

/// The network between nodes: every message waits `latency ± jitter` (uniform), is lost with
/// probability `loss`, and queues behind the sender's earlier messages to the same peer on an uplink of
/// `bandwidthKbps` (0 = unlimited). Regions add a per-pair latency on top.
public struct LinkSpec: Decodable, Sendable {
    public var latencyMilliseconds: Double = 0
    public var jitterMilliseconds: Double = 0
    public var loss: Double = 0
    public var bandwidthKbps: Double = 0
    /// `distribution: uniform | normal` for the jitter.
    public var distribution: String = "uniform"
    /// Regions nodes are spread over round-robin; `region-latency-milliseconds[i][j]` is added between them.
    public var regionLatencyMilliseconds: [[Double]] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case latencyMilliseconds, jitterMilliseconds, loss, bandwidthKbps, distribution, regionLatencyMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        latencyMilliseconds = try c.decodeIfPresent(Double.self, forKey: .latencyMilliseconds) ?? 0
        jitterMilliseconds = try c.decodeIfPresent(Double.self, forKey: .jitterMilliseconds) ?? 0
        loss = try c.decodeIfPresent(Double.self, forKey: .loss) ?? 0
        bandwidthKbps = try c.decodeIfPresent(Double.self, forKey: .bandwidthKbps) ?? 0
        distribution = try c.decodeIfPresent(String.self, forKey: .distribution) ?? "uniform"
        regionLatencyMilliseconds = try c.decodeIfPresent([[Double]].self, forKey: .regionLatencyMilliseconds) ?? []
        guard (0...1).contains(loss) else {
            throw DecodingError.dataCorruptedError(forKey: .loss, in: c, debugDescription: "loss is a probability: 0…1")
        }
        guard latencyMilliseconds >= 0, jitterMilliseconds >= 0, bandwidthKbps >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .latencyMilliseconds, in: c, debugDescription: "latency, jitter and bandwidth must be ≥ 0")
        }
        guard ["uniform", "normal"].contains(distribution) else {
            throw DecodingError.dataCorruptedError(forKey: .distribution, in: c, debugDescription: "distribution is `uniform` or `normal`, not `\(distribution)`")
        }
        let n = regionLatencyMilliseconds.count
        guard regionLatencyMilliseconds.allSatisfy({ $0.count == n }) else {
            throw DecodingError.dataCorruptedError(forKey: .regionLatencyMilliseconds, in: c, debugDescription: "region-latency-milliseconds must be a square matrix")
        }
    }
}

/// A group of identical nodes: a profile, a count, how they discover peers and how they relay.
public struct GroupSpec: Decodable, Sendable {
    public var name: String
    /// A shipped profile name (`light`, `full`, `bootstrap`) or a path to a `.yaml` profile.
    public var profile: String
    public var count: Int
    /// `static`, `pex`, `discv5`, `rendezvous` — see `DiscoveryStrategy`.
    public var discovery: String
    /// `flooding`, `gossipsub`, or `none` — see `RelayMode`; default: what the profile does.
    public var relay: String?
    /// Groups whose nodes this group's nodes are given: static peers (`static`) or entry points (`pex`).
    public var connectTo: [String]
    /// How many static peers each node is given (static discovery).
    public var staticPeers: Int
    /// Overrides the link's uplink bandwidth for this group's nodes.
    public var bandwidthKbps: Double?

    enum CodingKeys: String, CodingKey { case name, profile, count, discovery, relay, connectTo, staticPeers, bandwidthKbps }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        profile = try c.decode(String.self, forKey: .profile)
        count = try c.decode(Int.self, forKey: .count)
        discovery = try c.decodeIfPresent(String.self, forKey: .discovery) ?? "static"
        relay = try c.decodeIfPresent(String.self, forKey: .relay)
        connectTo = try c.decodeIfPresent([String].self, forKey: .connectTo) ?? []
        staticPeers = try c.decodeIfPresent(Int.self, forKey: .staticPeers) ?? 3
        bandwidthKbps = try c.decodeIfPresent(Double.self, forKey: .bandwidthKbps)
        guard (0...100_000).contains(count) else {
            throw DecodingError.dataCorruptedError(forKey: .count, in: c, debugDescription: "count must be 0…100000")
        }
        guard DiscoveryStrategy(rawValue: discovery) != nil else {
            throw DecodingError.dataCorruptedError(forKey: .discovery, in: c, debugDescription:
                "unknown discovery strategy `\(discovery)`; known: \(DiscoveryStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let relay, RelayMode(rawValue: relay) == nil {
            throw DecodingError.dataCorruptedError(forKey: .relay, in: c, debugDescription:
                "unknown relay mode `\(relay)`; known: \(RelayMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // Known but not in this build (its plugin is not in the catalog): say what can be used instead.
        if let available = ScenarioLoader.availablePlugins {
            let strategy = DiscoveryStrategy(rawValue: discovery)!
            if let missing = strategy.plugins.first(where: { !available.contains($0) }) {
                let usable = DiscoveryStrategy.allCases.filter { $0.plugins.allSatisfy(available.contains) }.map(\.rawValue)
                throw DecodingError.dataCorruptedError(forKey: .discovery, in: c, debugDescription:
                    "discovery strategy `\(discovery)` needs the `\(missing)` plugin, which this build does not have; available: \(usable.joined(separator: ", "))")
            }
            if let relay, let mode = RelayMode(rawValue: relay), let missing = mode.plugins.first(where: { !available.contains($0) }) {
                let usable = RelayMode.allCases.filter { $0.plugins.allSatisfy(available.contains) }.map(\.rawValue)
                throw DecodingError.dataCorruptedError(forKey: .relay, in: c, debugDescription:
                    "relay mode `\(relay)` needs the `\(missing)` plugin, which this build does not have; available: \(usable.joined(separator: ", "))")
            }
        }
    }
}

/// Nodes of a group going offline and coming back: `fraction` of the group (chosen by the seed)
/// goes offline at a time uniform in `[from, to]` seconds and stays away `offline-seconds`.
public struct ChurnSpec: Decodable, Sendable {
    public var group: String
    public var fraction: Double
    public var fromSeconds: Double
    public var toSeconds: Double
    public var offlineSeconds: Double
}

/// Nodes of a group switching role at runtime (`Kernel.apply`, connections stay up) and back.
public struct RoleSwitchSpec: Decodable, Sendable {
    public var group: String
    public var fraction: Double
    /// The profile switched to (`full`, or a path).
    public var to: String
    public var atSeconds: Double
    /// When they switch back to their own profile (never if absent).
    public var backAtSeconds: Double?
}

/// What the simulated people send.
public struct TrafficSpec: Decodable, Sendable {
    public var publicChats: [PublicChatSpec] = []
    public var oneToOne: [OneToOneSpec] = []

    public init() {}
    enum CodingKeys: String, CodingKey { case publicChats, oneToOne }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        publicChats = try c.decodeIfPresent([PublicChatSpec].self, forKey: .publicChats) ?? []
        oneToOne = try c.decodeIfPresent([OneToOneSpec].self, forKey: .oneToOne) ?? []
    }
}

/// A public chat: every node of `subscribers` listens; nodes of `senders` post at `messages-per-minute`
/// in total (Poisson), each `size-bytes` long.
public struct PublicChatSpec: Decodable, Sendable {
    public var name: String
    public var subscribers: [String]
    public var senders: [String]
    public var messagesPerMinute: Double
    public var sizeBytes: Int
}

/// Alice→Bob 1:1 chats through the messenger: `pairs` pairs drawn from the groups.
public struct OneToOneSpec: Decodable, Sendable {
    public var from: String
    public var to: String
    public var pairs: Int
    public var messagesPerMinute: Double
    public var sizeBytes: Int
}
