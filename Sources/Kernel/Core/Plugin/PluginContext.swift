import Logging

/// Everything a plugin may touch, handed to it by the kernel: its logger, the clock, the event bus,
/// a plugin-scoped handle on the network, its own storage directory, the node identity, its stop
/// signal, and typed services shared between plugins.
///
/// Everything registered through a context (network seams, services) belongs to that plugin and is
/// removed by the kernel when the plugin stops.
public struct PluginContext: Sendable {
    public let pluginKey: String
    public let logger: Logger
    public let clock: any NodeClock
    public let events: EventBus
    public let network: PluginNetwork
    /// `<data-dir>/plugins/<key>`; created before `prepare`.
    public let storageDirectory: String
    public let identity: NodeIdentity
    public let stopSignal: StopSignal
    let services: ServiceRegistry

    public init(pluginKey: String, logger: Logger, clock: any NodeClock, events: EventBus, network: PluginNetwork,
                storageDirectory: String, identity: NodeIdentity, stopSignal: StopSignal, services: ServiceRegistry) {
        self.pluginKey = pluginKey
        self.logger = logger
        self.clock = clock
        self.events = events
        self.network = network
        self.storageDirectory = storageDirectory
        self.identity = identity
        self.stopSignal = stopSignal
        self.services = services
    }

    /// Makes `value` available to plugins that start after this one (for the capability it provides).
    public func provide<T: Sendable>(_ type: T.Type, _ value: T, name: String? = nil) {
        services.provide(type, value, name: name, owner: pluginKey)
    }

    /// Looks up a service provided by a plugin this one requires.
    public func require<T: Sendable>(_ type: T.Type, name: String? = nil) throws -> T {
        guard let value = services.lookup(type, name: name) else {
            throw MissingServiceError(plugin: pluginKey, service: String(describing: type) + (name.map { " '\($0)'" } ?? ""))
        }
        return value
    }

    /// Like `require`, but returns nil when nobody provides the service (optional collaborations).
    public func lookup<T: Sendable>(_ type: T.Type, name: String? = nil) -> T? {
        services.lookup(type, name: name)
    }
}
