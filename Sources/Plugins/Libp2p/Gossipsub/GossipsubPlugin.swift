import Kernel

/// The `gossipsub` plugin: gossipsub v1.1 (falling back to v1.0 and floodsub per peer) on the `libp2p`
/// transport's connections, provided to other plugins as `.pubsub` (the Waku relay's gossipsub mode).
/// It lives in the libp2p module because it runs on libp2p streams directly (see `GossipsubService`);
/// the router itself is transport-free. Signature policy: StrictNoSign (Waku's); message ids come from
/// each topic's policy (Waku: the envelope hash), otherwise SHA-256 of the data.
public struct GossipsubPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: "gossipsub", summary: "gossipsub v1.1 pubsub over libp2p (/meshsub/1.1.0, /meshsub/1.0.0, /floodsub/1.0.0)",
        provides: [.pubsub], requires: ["transport.libp2p"])
    public var descriptor: PluginDescriptor { Self.descriptor }
    public let parameters: GossipsubParameters
    /// Counters of this plugin instance.
    public let stats: GossipsubStats?
    let handoff: ServiceHandoff<any PubsubRouter>?
    static let serviceKey = ServiceKey<GossipsubService>(.pubsub, "gossipsub.service")

    public init(parameters: GossipsubParameters, stats: GossipsubStats? = nil, handoff: ServiceHandoff<any PubsubRouter>? = nil) {
        self.parameters = parameters
        self.stats = stats
        self.handoff = handoff
    }

    /// `stats`: counters to share with an observer; `handoff`: receives the router once prepared (tests, benches).
    public static func factory(stats: GossipsubStats? = nil, handoff: ServiceHandoff<any PubsubRouter>? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: GossipsubParameters.self) { GossipsubPlugin(parameters: $0, stats: stats, handoff: handoff) }
    }

    public func prepare(_ context: PluginContext) async throws {
        guard let transport = try context.lookup(Libp2pPlugin.transportKey) else {
            throw GossipsubStartError.noLibp2pTransport
        }
        let network = context.network
        let exchangeSource = GossipsubExchangeSource()
        let router = GossipsubRouter(parameters: parameters, clock: context.clock, stats: stats ?? GossipsubStats(),
                                     report: { peer, penalty in await network.penalize(peer, penalty) },
                                     exchange: { records in exchangeSource.offer(records) })
        if parameters.peerExchange { await network.register(discovery: exchangeSource) }
        let service = GossipsubService(router: router, maxRPCBytes: parameters.maxRPCBytes, identifyPeers: parameters.peerExchange)
        transport.native.add(service)
        try context.provide(Self.serviceKey, service)
        try context.provide(.pubsub, router)
        await handoff?.put(router)
    }

    /// Heartbeats on the node clock until stopped, then detaches from the transport.
    public func run(_ context: PluginContext) async throws {
        let service = try context.require(Self.serviceKey)
        let interval = parameters.heartbeatInterval
        let clock = context.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do { try await clock.sleep(for: interval) } catch { return }
                    await service.router.heartbeat()
                }
            }
            await context.stopSignal.wait()
            group.cancelAll()
        }
        if let transport = try context.lookup(Libp2pPlugin.transportKey) { transport.native.remove(service) }
        service.detached.fire()
        await service.router.shutdown()
    }
}

/// Why the `gossipsub` plugin could not start.
public enum GossipsubStartError: Error, CustomStringConvertible {
    case noLibp2pTransport

    public var description: String {
        switch self {
        case .noLibp2pTransport: return "gossipsub runs on libp2p: enable the `libp2p` plugin in the profile"
        }
    }
}
