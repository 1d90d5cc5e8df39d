import Kernel

/// The `bootstrap-peers` plugin: a discovery source that asks bootstrap nodes (peers announcing
/// `serving = true` on `pex/1`) for the peers they know. Put the bootstrap node's enode in
/// `static-peers`; the full nodes it names are then dialled like any discovered peer.
public struct BootstrapPeersPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: BootstrapPeersSource.sourceName,
        summary: "discovery: asks bootstrap nodes for peers over pex/1 (Parley's own peer exchange)",
        provides: [.discovery, PexCapability.peerExchange, PexCapability.exclusiveCapability],
        requires: [.transport])

    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: BootstrapPeersConfig
    private let current = Slot<BootstrapPeersSource>()

    public init(config: BootstrapPeersConfig) { self.config = config }

    public static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: BootstrapPeersConfig.self) { BootstrapPeersPlugin(config: $0) }
    }

    public func prepare(_ context: PluginContext) async throws {
        try await PexRole.claim(for: context)
        let source = BootstrapPeersSource(localPeer: context.network.localPeer, clock: context.clock)
        current.set(source)
        try context.provide(ServiceKey<BootstrapPeersSource>(PexCapability.peerExchange, "bootstrap-peers.source"), source)
        let counter = await context.network.trafficCounter(for: BootstrapPeersSource.sourceName)
        await context.network.register(handler: BootstrapPeersHandler(config: config, source: source, network: context.network,
                                                                      clock: context.clock, counter: counter))
        await context.network.register(discovery: source)
        context.logger.info("bootstrap-peers asking serving peers over pex/1", metadata: [
            "refresh-seconds": "\(config.refreshSeconds)", "announce": "\(config.announce)"])
    }

    public func health() async -> PluginHealth {
        guard let source = current.get(), source.servers.isEmpty else { return .healthy }
        return .degraded("no bootstrap node connected; add one to static-peers")
    }
}
