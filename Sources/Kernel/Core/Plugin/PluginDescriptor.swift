/// What a plugin is called in profiles, what it offers and what it needs.
///
/// The descriptor is static data: the registry lists it (`parley plugins`), the lifecycle plan
/// orders plugins by it, `profile check` validates a profile against it before anything starts, and
/// `PluginContext` checks service access against it.
public struct PluginDescriptor: Sendable, Equatable {
    /// The key used in YAML profiles (`plugins: { static-peers: … }`).
    public let key: String
    /// One line for `parley plugins`.
    public let summary: String
    /// Capabilities this plugin makes available once ready.
    public let provides: [Capability]
    /// Capabilities that some other plugin in the same profile must provide first.
    public let requires: [Capability]
    /// Capabilities used when present: if a plugin in the profile provides one, it starts first and a
    /// restart, removal or addition of it restarts this plugin; if none does, nothing fails
    /// (`PluginContext.lookup` returns nil).
    public let optionalRequires: [Capability]

    public init(key: String, summary: String, provides: [Capability] = [], requires: [Capability] = [],
                optionalRequires: [Capability] = []) {
        self.key = key
        self.summary = summary
        self.provides = provides
        self.requires = requires
        self.optionalRequires = optionalRequires
    }

    /// Whether this plugin may obtain services of `capability`: it requires, optionally requires or
    /// provides it (its own services), or it is the kernel's shared `control`.
    public func mayUse(_ capability: Capability) -> Bool {
        capability == .control || requires.contains(capability) || optionalRequires.contains(capability)
            || provides.contains(capability)
    }
}
