import Kernel
import WakuCore

/// Settings of the `history` plugin (YAML keys in kebab-case).
public struct HistoryConfig: Decodable, Sendable, Equatable {
    /// Store nodes tried first (enode URLs or ENRs; they must also be peers, e.g. static peers).
    public var storeNodes: [PeerAddress] = []
    /// The mailserver password the request key is derived from.
    public var password = StoreDefaults.password
    /// Seconds to wait for a store peer's completion before failing over (status-go: 10).
    public var timeoutSeconds = 10.0
    /// PoW the request envelope is sealed to.
    public var pow = WakuConstants.nodeMinimumPoW

    public init() {}

    enum CodingKeys: String, CodingKey { case storeNodes, password, timeoutSeconds, pow }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = HistoryConfig()
        storeNodes = try c.decodeIfPresent([PeerAddress].self, forKey: .storeNodes) ?? d.storeNodes
        password = try c.decodeIfPresent(String.self, forKey: .password) ?? d.password
        timeoutSeconds = try c.decode(Double.self, forKey: .timeoutSeconds, default: d.timeoutSeconds, in: 0.01...3600, unit: "seconds")
        pow = try c.decode(Double.self, forKey: .pow, default: d.pow, in: 0...1_000_000)
        func fail(_ key: CodingKeys, _ text: String) -> DecodingError { .dataCorruptedError(forKey: key, in: c, debugDescription: text) }
        guard !password.isEmpty else { throw fail(.password, "must not be empty") }
        for node in storeNodes where node.peerID == nil { throw fail(.storeNodes, "'\(node)' names no node id; use an enode URL or ENR") }
    }
}

/// The `history` plugin: provides a `StoreHistoryClient` as `.historyClient` so the messenger and the
/// CLI can fetch missed envelopes from store peers.
public struct HistoryPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(key: "history", summary: "Waku history client: fetches archived envelopes from store peers",
                                                    provides: [.wakuHistory], requires: [.waku])
    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: HistoryConfig
    let handoff: ServiceHandoff<StoreHistoryClient>?

    public init(config: HistoryConfig, handoff: ServiceHandoff<StoreHistoryClient>? = nil) {
        self.config = config
        self.handoff = handoff
    }

    /// `handoff`: receives the client once prepared (tests and simulations).
    public static func factory(handoff: ServiceHandoff<StoreHistoryClient>? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: HistoryConfig.self) { HistoryPlugin(config: $0, handoff: handoff) }
    }

    public func prepare(_ context: PluginContext) async throws {
        let clock = context.clock
        let client = StoreHistoryClient(
            peers: try context.require(.wakuPeers), events: try context.require(.wakuPeerEvents), nodeKey: context.identity.privateKey, key: try SymKey(publicPassword: config.password),
            pow: config.pow, timeout: .milliseconds(Int64(config.timeoutSeconds * 1000)), preferred: config.storeNodes.compactMap(\.peerID),
            clock: clock)
        try context.provide(.historyClient, client)
        try context.provide(.controlMethod("waku.history"), HistoryMethod(client: client, nodeKey: context.identity.privateKey, clock: clock))
        await handoff?.put(client)
    }
}
