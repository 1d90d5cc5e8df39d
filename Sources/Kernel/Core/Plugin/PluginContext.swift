import Logging

/// Everything a plugin may touch, handed to it by the kernel: its logger, the clock, the event bus,
/// a plugin-scoped handle on the network, its own storage directory, the node identity, its stop
/// signal, and typed services shared between plugins.
///
/// Everything registered through a context (network seams, services) belongs to that plugin and is
/// removed by the kernel when the plugin stops. Services go through the plugin's descriptor: it may
/// provide keys of capabilities it provides (and `Capability.control`), and obtain keys of capabilities
/// it requires, optionally requires or provides itself; anything else is a `ServiceError`.
public struct PluginContext: Sendable {
    public let pluginKey: String
    /// What the plugin declared; service access is checked against it.
    public let descriptor: PluginDescriptor
    public let logger: Logger
    public let clock: any NodeClock
    public let events: EventBus
    public let network: PluginNetwork
    /// `<data-dir>/plugins/<key>`; created before `prepare`.
    public let storageDirectory: String
    public let identity: NodeIdentity
    public let stopSignal: StopSignal
    let services: ServiceRegistry

    public init(descriptor: PluginDescriptor, logger: Logger, clock: any NodeClock, events: EventBus, network: PluginNetwork,
                storageDirectory: String, identity: NodeIdentity, stopSignal: StopSignal, services: ServiceRegistry) {
        self.pluginKey = descriptor.key
        self.descriptor = descriptor
        self.logger = logger
        self.clock = clock
        self.events = events
        self.network = network
        self.storageDirectory = storageDirectory
        self.identity = identity
        self.stopSignal = stopSignal
        self.services = services
    }

    /// Makes `value` available to plugins that start after this one. Throws if the descriptor does not
    /// provide the key's capability, or if the key already has a provider (naming both plugins).
    public func provide<T: Sendable>(_ key: ServiceKey<T>, _ value: T) throws(ServiceError) {
        guard key.capability == .control || descriptor.provides.contains(key.capability) else {
            throw .undeclaredProvide(plugin: pluginKey, service: key.description, capability: key.capability)
        }
        try services.provide(key, value, owner: pluginKey)
    }

    /// The service under `key`, provided by a plugin this one requires (or by this plugin itself).
    public func require<T: Sendable>(_ key: ServiceKey<T>) throws(ServiceError) -> T {
        guard let value = try lookup(key) else {
            throw .missing(plugin: pluginKey, service: key.description, capability: key.capability)
        }
        return value
    }

    /// Like `require`, but nil when nobody provides the service: for `optionalRequires`, whose
    /// provider may be absent from the profile. Still throws when the capability is undeclared.
    public func lookup<T: Sendable>(_ key: ServiceKey<T>) throws(ServiceError) -> T? {
        guard descriptor.mayUse(key.capability) else {
            throw .undeclaredRequirement(plugin: pluginKey, service: key.description, capability: key.capability)
        }
        return services.lookup(key)
    }
}
