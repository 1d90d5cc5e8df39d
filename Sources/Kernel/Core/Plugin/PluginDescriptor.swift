/// What a plugin is called in profiles, what it offers and what it needs.
///
/// The descriptor is static data: the registry lists it (`parley plugins`), the lifecycle plan
/// orders plugins by it, and `profile check` validates a profile against it before anything starts.
public struct PluginDescriptor: Sendable, Equatable {
    /// The key used in YAML profiles (`plugins: { static-peers: … }`).
    public let key: String
    /// One line for `parley plugins`.
    public let summary: String
    /// Capabilities this plugin makes available once ready.
    public let provides: [Capability]
    /// Capabilities that some other plugin in the same profile must provide first.
    public let requires: [Capability]

    public init(key: String, summary: String, provides: [Capability] = [], requires: [Capability] = []) {
        self.key = key
        self.summary = summary
        self.provides = provides
        self.requires = requires
    }
}
