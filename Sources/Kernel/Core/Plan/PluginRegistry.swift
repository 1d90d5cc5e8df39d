/// Every plugin this binary can run, keyed by the name profiles use.
///
/// The composition root (the CLI, a test harness) registers factories once; profiles then name
/// plugins by key. Unknown names are rejected with near-miss suggestions, and `providers(of:)`
/// tells a user which plugin to add when a capability is missing.
public struct PluginRegistry: Sendable {
    private var factories: [String: any PluginFactory] = [:]

    public init() {}

    /// Adds `factory` under its descriptor's key; a later registration under the same key replaces
    /// the earlier one.
    public mutating func register(_ factory: any PluginFactory) {
        factories[factory.descriptor.key] = factory
    }

    /// The factory for `name`, or `PlanError.unknownPlugin` with suggestions; `mark` is where the
    /// name is written in the profile.
    public func factory(named name: String, mark: SourceMark? = nil) throws -> any PluginFactory {
        if let factory = factories[name] { return factory }
        throw PlanError.unknownPlugin(name: name, suggestions: NameSuggestions.nearest(to: name, among: Array(factories.keys)),
                                      mark: mark)
    }

    /// All registered plugins, sorted by key (`parley plugins`).
    public var descriptors: [PluginDescriptor] {
        factories.values.map(\.descriptor).sorted { $0.key < $1.key }
    }

    /// Registered plugins that provide `capability`, sorted by key.
    public func providers(of capability: Capability) -> [PluginDescriptor] {
        descriptors.filter { $0.provides.contains(capability) }
    }
}
