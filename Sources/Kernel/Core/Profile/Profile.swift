/// One plugin named in a profile, with its (merged, overridden) settings still untyped: the
/// plugin's factory decodes them when the lifecycle plan is made.
public struct PluginEntry: Sendable {
    /// The registry key (`static-peers`).
    public let key: String
    /// A mapping (empty when the profile lists the plugin without settings). Its `keyMark` points
    /// at the plugin's name in the profile.
    public let config: ConfigNode

    public init(key: String, config: ConfigNode) {
        self.key = key
        self.config = config
    }
}

/// A node role, fully resolved: `extends:` chains merged, `--set` overrides applied, the `node:`
/// section decoded and validated, plugins in start-preference order.
///
/// Roles are data, not code paths: switching a running node from light to full is applying
/// another `Profile`.
public struct Profile: Sendable {
    /// `name:` from the file, else the file's base name.
    public var name: String
    /// The file it was loaded from, nil for text parsed in memory.
    public var sourcePath: String?
    public var node: NodeSettings
    /// In the order written: a parent's plugins first, then the ones the child adds.
    public var plugins: [PluginEntry]
    /// The whole merged document (`name`, `node`, `plugins`), for printing and diffing.
    public var root: ConfigNode

    public init(name: String, sourcePath: String?, node: NodeSettings, plugins: [PluginEntry], root: ConfigNode) {
        self.name = name
        self.sourcePath = sourcePath
        self.node = node
        self.plugins = plugins
        self.root = root
    }

    /// The entry for `key`, if the profile has that plugin.
    public func plugin(_ key: String) -> PluginEntry? {
        plugins.first { $0.key == key }
    }
}
