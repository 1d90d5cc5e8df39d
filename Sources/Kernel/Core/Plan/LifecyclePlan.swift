/// A profile turned into runnable form: every plugin built from its settings and put in an order
/// where each starts after the plugins providing what it requires (and stops before them).
///
/// Making a plan validates everything that can be checked without starting anything, so
/// `parley profile check` and `Kernel.apply` reject the same profiles with the same errors.
public struct LifecyclePlan: Sendable {
    public let profile: Profile
    /// Start order: dependencies first; plugins with no ordering constraint keep profile order.
    public let order: [PlannedPlugin]

    /// The reverse of the start order.
    public var stopOrder: [PlannedPlugin] { order.reversed() }

    /// The planned plugin with `key`, if the profile has it.
    public func planned(_ key: String) -> PlannedPlugin? {
        order.first { $0.key == key }
    }

    /// Builds every plugin of `profile` and orders them.
    ///
    /// Checks run in a fixed order and the first failure is thrown: for each plugin in profile
    /// order, its name (`unknownPlugin`) then its settings (`invalidConfig`); then exclusive capabilities
    /// with two providers (`duplicateProvider`); then, in profile order, each plugin's requirements
    /// (`missingCapability`; optional requirements never fail); finally the ordering (`dependencyCycle`).
    /// Providers of optional requirements that are present are ordered like required ones.
    public static func make(profile: Profile, registry: PluginRegistry) throws -> LifecyclePlan {
        var built: [(entry: PluginEntry, plugin: any NodePlugin, settings: PluginSettings?)] = []
        for entry in profile.plugins {
            // Loaded profiles cannot hold a key twice (YAML mappings are unique); hand-built ones might.
            if built.contains(where: { $0.entry.key == entry.key }) {
                throw PlanError.invalidConfig(plugin: entry.key, error: ConfigError(
                    "plugin '\(entry.key)' is listed twice; keep one entry", path: entry.config.path, mark: entry.config.entryMark))
            }
            let factory = try registry.factory(named: entry.key, mark: entry.config.entryMark)
            do {
                let made = try factory.build(config: entry.config)
                built.append((entry, made.plugin, made.settings))
            } catch let error as ConfigError {
                throw PlanError.invalidConfig(plugin: entry.key, error: error)
            } catch {
                throw PlanError.invalidConfig(plugin: entry.key, error: ConfigError(
                    "plugin '\(entry.key)' rejected its settings: \(error)", path: entry.config.path, mark: entry.config.entryMark))
            }
        }
        try checkExclusiveProviders(built.map { ($0.entry, $0.plugin.descriptor) }, profile: profile)
        let rank = Dictionary(built.enumerated().map { ($1.entry.key, $0) }, uniquingKeysWith: { first, _ in first })
        var planned: [PlannedPlugin] = []
        for (entry, plugin, settings) in built {
            let descriptor = plugin.descriptor
            var dependencies: [String] = []
            for capability in descriptor.requires {
                let providers = built.filter { $0.entry.key != entry.key && $0.plugin.descriptor.provides.contains(capability) }
                if providers.isEmpty && !descriptor.provides.contains(capability) {
                    throw PlanError.missingCapability(
                        plugin: entry.key, capability: capability, profile: profile.name,
                        providers: registry.providers(of: capability).map(\.key).filter { $0 != entry.key },
                        mark: entry.config.entryMark)
                }
                for provider in providers where !dependencies.contains(provider.entry.key) {
                    dependencies.append(provider.entry.key)
                }
            }
            var optionalDependencies: [String] = []
            for capability in descriptor.optionalRequires {
                for provider in built where provider.entry.key != entry.key && provider.plugin.descriptor.provides.contains(capability)
                    && !dependencies.contains(provider.entry.key) && !optionalDependencies.contains(provider.entry.key) {
                    optionalDependencies.append(provider.entry.key)
                }
            }
            dependencies += optionalDependencies
            // Keep dependencies in profile order whatever order the requirements were declared in.
            dependencies.sort { (rank[$0] ?? 0) < (rank[$1] ?? 0) }
            optionalDependencies.sort { (rank[$0] ?? 0) < (rank[$1] ?? 0) }
            planned.append(PlannedPlugin(key: entry.key, descriptor: descriptor, config: entry.config, settings: settings,
                                         plugin: plugin, dependencies: dependencies, optionalDependencies: optionalDependencies))
        }
        return LifecyclePlan(profile: profile, order: try startOrder(planned))
    }

    /// Refuses a profile in which two plugins provide a capability that any of them declares exclusive.
    static func checkExclusiveProviders(_ plugins: [(entry: PluginEntry, descriptor: PluginDescriptor)], profile: Profile) throws {
        var firstProvider: [Capability: String] = [:]
        let exclusive = Set(plugins.flatMap { $0.descriptor.provides.filter(\.isExclusive) })
        for (entry, descriptor) in plugins {
            for capability in descriptor.provides where exclusive.contains(capability) {
                if let first = firstProvider[capability], first != entry.key {
                    throw PlanError.duplicateProvider(capability: capability, plugins: [first, entry.key], profile: profile.name,
                                                      mark: entry.config.entryMark)
                }
                firstProvider[capability] = entry.key
            }
        }
    }

    /// A stable topological order: repeatedly the earliest plugin (in profile order) whose
    /// dependencies have all been placed. Throws `dependencyCycle` naming one cycle.
    static func startOrder(_ plugins: [PlannedPlugin]) throws -> [PlannedPlugin] {
        var placed: Set<String> = []
        var order: [PlannedPlugin] = []
        while order.count < plugins.count {
            guard let next = plugins.first(where: { !placed.contains($0.key) && $0.dependencies.allSatisfy(placed.contains) })
            else { throw PlanError.dependencyCycle(cycle(among: plugins.filter { !placed.contains($0.key) })) }
            placed.insert(next.key)
            order.append(next)
        }
        return order
    }

    /// One cycle among plugins none of which can be placed (each has an unplaced dependency),
    /// starting at its earliest member in profile order: `["relay", "store", "relay"]`.
    private static func cycle(among stuck: [PlannedPlugin]) -> [String] {
        let byKey = Dictionary(stuck.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var walk: [String] = []
        var current = stuck.first
        while let plugin = current, !walk.contains(plugin.key) {
            walk.append(plugin.key)
            current = plugin.dependencies.lazy.compactMap { byKey[$0] }.first
        }
        guard let repeated = current?.key, let start = walk.firstIndex(of: repeated) else { return walk }
        var members = Array(walk[start...])
        let rank = Dictionary(stuck.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        if let first = members.indices.min(by: { (rank[members[$0]] ?? 0) < (rank[members[$1]] ?? 0) }) {
            members = Array(members[first...] + members[..<first])
        }
        return members + [members[0]]
    }
}
