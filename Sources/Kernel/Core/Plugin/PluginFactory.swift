/// Makes a plugin from its YAML configuration. Registered in the `PluginRegistry` under the
/// descriptor's key, which is the name a profile uses.
///
/// A factory owns the decoding of its typed config (defaults live in one place: the config type),
/// so `parley profile check` can validate every plugin's settings without starting anything.
public protocol PluginFactory: Sendable {
    var descriptor: PluginDescriptor { get }
    /// Validates `config` and builds a plugin; throws `ConfigError` naming the offending YAML path.
    func makePlugin(config: ConfigNode) throws -> any NodePlugin
}

/// The usual factory: decode a `Decodable` config type, then build the plugin from it.
public struct TypedPluginFactory<Config: Decodable & Sendable>: PluginFactory {
    public let descriptor: PluginDescriptor
    private let build: @Sendable (Config) throws -> any NodePlugin

    public init(_ descriptor: PluginDescriptor, config: Config.Type = Config.self,
                build: @escaping @Sendable (Config) throws -> any NodePlugin) {
        self.descriptor = descriptor
        self.build = build
    }

    public func makePlugin(config: ConfigNode) throws -> any NodePlugin {
        let decoded = try ConfigDecoder().decode(Config.self, from: config)
        return try build(decoded)
    }
}
