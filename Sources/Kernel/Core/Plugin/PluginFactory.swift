/// Makes a plugin from its YAML configuration. Registered in the `PluginRegistry` under the
/// descriptor's key, which is the name a profile uses.
///
/// A factory owns the decoding of its typed config (defaults live in one place: the config type),
/// so `parley profile check` can validate every plugin's settings without starting anything.
public protocol PluginFactory: Sendable {
    var descriptor: PluginDescriptor { get }
    /// Validates `config` and builds a plugin; throws `ConfigError` naming the offending YAML path.
    func makePlugin(config: ConfigNode) throws -> any NodePlugin
    /// `config` decoded to the values the plugin runs with, so `Kernel.apply` restarts a plugin only when
    /// those change (writing out a default is no change). nil (the default) compares the YAML trees.
    func settings(of config: ConfigNode) throws -> PluginSettings?
    /// The plugin and its settings from one decode of `config` (what a plan needs of each entry).
    func build(config: ConfigNode) throws -> (plugin: any NodePlugin, settings: PluginSettings?)
}

extension PluginFactory {
    public func settings(of config: ConfigNode) throws -> PluginSettings? { nil }

    public func build(config: ConfigNode) throws -> (plugin: any NodePlugin, settings: PluginSettings?) {
        (try makePlugin(config: config), try settings(of: config))
    }
}

/// A plugin's decoded settings, compared across profiles by value (`Equatable` of the config type).
public struct PluginSettings: Sendable, Equatable {
    private let value: any Equatable & Sendable

    public init(_ value: some Equatable & Sendable) { self.value = value }

    public static func == (lhs: PluginSettings, rhs: PluginSettings) -> Bool {
        func equal<A: Equatable>(_ a: A, _ b: Any) -> Bool { (b as? A) == a }
        return equal(lhs.value, rhs.value)
    }
}

/// The usual factory: decode a `Decodable` config type, then build the plugin from it. The config is
/// `Equatable` so a profile switch compares decoded values (`settings(of:)`).
public struct TypedPluginFactory<Config: Decodable & Sendable & Equatable>: PluginFactory {
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

    public func settings(of config: ConfigNode) throws -> PluginSettings? {
        PluginSettings(try ConfigDecoder().decode(Config.self, from: config))
    }

    public func build(config: ConfigNode) throws -> (plugin: any NodePlugin, settings: PluginSettings?) {
        let decoded = try ConfigDecoder().decode(Config.self, from: config)
        return (try build(decoded), PluginSettings(decoded))
    }
}
