/// One plugin of a lifecycle plan: built from its settings, with the plugins it must start after.
public struct PlannedPlugin: Sendable {
    /// The profile key (also the registry key).
    public let key: String
    /// What the built plugin provides and requires.
    public let descriptor: PluginDescriptor
    /// The settings it was built from; compared across plans to decide whether it restarts.
    public let config: ConfigNode
    /// A fresh, not yet started instance.
    public let plugin: any NodePlugin
    /// Keys of the plugins in the same profile that provide what it requires, in profile order.
    public let dependencies: [String]

    public init(key: String, descriptor: PluginDescriptor, config: ConfigNode, plugin: any NodePlugin, dependencies: [String]) {
        self.key = key
        self.descriptor = descriptor
        self.config = config
        self.plugin = plugin
        self.dependencies = dependencies
    }
}
