import Kernel

/// The `bootstrap` plugin: serves `pex/1` — hands every asker the peers it knows. Relays and stores
/// nothing; a bootstrap profile gives it a high `node.peers.max` so many nodes can enter through it.
public struct BootstrapPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: "bootstrap", summary: "entry point: hands out the peers it knows over pex/1 (Parley's own peer exchange)",
        provides: [PexCapability.peerExchange, PexCapability.exclusiveCapability],
        requires: [.transport])

    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: BootstrapConfig
    let injected: BootstrapDirectory?
    private let current = Slot<BootstrapDirectory>()

    /// `directory`: one to use instead of a fresh one (tests and simulations observe it directly).
    public init(config: BootstrapConfig, directory: BootstrapDirectory? = nil) {
        self.config = config
        self.injected = directory
    }

    public static func factory(directory: BootstrapDirectory? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: BootstrapConfig.self) { BootstrapPlugin(config: $0, directory: directory) }
    }

    public func prepare(_ context: PluginContext) async throws {
        try await PexRole.claim(for: context)
        let directory = injected ?? BootstrapDirectory(capacity: config.directorySize)
        current.set(directory)
        try context.provide(ServiceKey<BootstrapDirectory>(PexCapability.peerExchange, "bootstrap.directory"), directory)
        await context.network.register(handler: BootstrapHandler(config: config, directory: directory,
                                                                 network: context.network, clock: context.clock))
        context.logger.info("bootstrap serving pex/1", metadata: [
            "max-peers-per-answer": "\(config.maxPeersPerAnswer)", "directory-size": "\(config.directorySize)"])
    }

    public func health() async -> PluginHealth {
        guard let directory = current.get() else { return .healthy }
        let count = await directory.count
        return count >= directory.capacity ? .degraded("directory full (\(count) peers); raise directory-size") : .healthy
    }
}
