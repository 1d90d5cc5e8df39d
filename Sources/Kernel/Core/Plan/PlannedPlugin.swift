/// One plugin of a lifecycle plan: built from its settings, with the plugins it must start after.
public struct PlannedPlugin: Sendable {
    /// The profile key (also the registry key).
    public let key: String
    /// What the built plugin provides and requires.
    public let descriptor: PluginDescriptor
    /// The settings it was built from (YAML, with marks for messages).
    public let config: ConfigNode
    /// The decoded settings, compared across plans to decide whether it restarts; nil = compare `config`.
    public let settings: PluginSettings?
    /// A fresh, not yet started instance.
    public let plugin: any NodePlugin
    /// Keys of the plugins in the same profile that provide what it requires or optionally requires,
    /// in profile order.
    public let dependencies: [String]
    /// The subset of `dependencies` that provide only optional requirements: adding one restarts this plugin.
    public let optionalDependencies: [String]

    public init(key: String, descriptor: PluginDescriptor, config: ConfigNode, settings: PluginSettings? = nil,
                plugin: any NodePlugin, dependencies: [String], optionalDependencies: [String] = []) {
        self.key = key
        self.descriptor = descriptor
        self.config = config
        self.settings = settings
        self.plugin = plugin
        self.dependencies = dependencies
        self.optionalDependencies = optionalDependencies
    }

    /// Whether `other` (the same key in another plan) runs with the same settings.
    func hasSameSettings(as other: PlannedPlugin) -> Bool {
        if let settings, let otherSettings = other.settings { return settings == otherSettings }
        return config.semanticallyEquals(other.config)
    }
}
