// The `static-peers` discovery source: a fixed list of enode URLs, `enr:` records or memory names
// that the node keeps connected, redialling with backoff when one drops (wire-facts §1.6).
import Kernel

/// Settings of `static-peers`: the peers to keep connected.
public struct StaticPeersConfig: Decodable, Sendable, Equatable {
    public var peers: [PeerAddress]

    public init(peers: [PeerAddress]) { self.peers = peers }

    enum CodingKeys: String, CodingKey { case peers }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        peers = try container.decodeIfPresent([PeerAddress].self, forKey: .peers) ?? []
    }
}

/// Hands its configured peers to the connection manager as persistent records, once; the manager
/// keeps them connected (redial with backoff) for as long as this plugin runs.
public struct StaticPeersPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: "static-peers", summary: "keeps a fixed list of peers (enode://, enr:, memory://) connected",
        provides: [.discovery, "discovery.static"], requires: [.transport])

    public var descriptor: PluginDescriptor { Self.descriptor }
    let config: StaticPeersConfig

    public init(config: StaticPeersConfig) { self.config = config }

    public static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: StaticPeersConfig.self) { StaticPeersPlugin(config: $0) }
    }

    public func prepare(_ context: PluginContext) async throws {
        let records = config.peers.map { PeerRecord(address: $0, source: Self.descriptor.key, persistent: true) }
        await context.network.register(discovery: StaticPeerSource(records: records))
        context.logger.info("static peers configured", metadata: ["count": "\(records.count)"])
    }
}

/// Returns every configured peer on the first pull; persistence in the peer book does the rest.
final class StaticPeerSource: DiscoverySource, Sendable {
    let name = StaticPeersPlugin.descriptor.key
    private let pending: AsyncMessageQueue<[PeerRecord]>

    init(records: [PeerRecord]) {
        pending = AsyncMessageQueue()
        pending.push(records)
        pending.finish()
    }

    func nextPeers(limit: Int) async throws -> [PeerRecord] {
        // Static peers ignore `limit`: they are dialled whatever the target, like geth's static nodes.
        guard pending.count > 0 else { return [] }
        return await pending.next() ?? []
    }
}
