/// Why a profile cannot become a lifecycle plan: a plugin name the registry does not know, a
/// capability nobody in the profile provides, an exclusive capability two plugins provide, plugins
/// requiring each other in a cycle, or invalid plugin settings.
///
/// Found before anything starts (by `parley profile check` as well as by `Kernel.apply`), each
/// with the location in the profile and what to change.
public enum PlanError: Error, CustomStringConvertible, Equatable {
    case unknownPlugin(name: String, suggestions: [String], mark: SourceMark?)
    /// `providers` are the registered plugins that would satisfy the requirement.
    case missingCapability(plugin: String, capability: Capability, profile: String, providers: [String], mark: SourceMark?)
    /// Two plugins of the profile provide an exclusive capability (`Capability.isExclusive`); `plugins`
    /// are both keys in profile order and `mark` is where the second is written.
    case duplicateProvider(capability: Capability, plugins: [String], profile: String, mark: SourceMark?)
    /// The plugins in the cycle in dependency order, the first repeated at the end: `["relay", "store", "relay"]`.
    case dependencyCycle([String])
    case invalidConfig(plugin: String, error: ConfigError)

    public var description: String {
        switch self {
        case .unknownPlugin(let name, let suggestions, let mark):
            let location = mark.map { " at \($0)" } ?? ""
            let advice = suggestions.isEmpty ? "; run `parley plugins` to list the plugins this binary knows"
                : "\(NameSuggestions.didYouMean(suggestions)) Run `parley plugins` to list them"
            return "unknown plugin '\(name)'\(location)\(advice)"
        case .missingCapability(let plugin, let capability, let profile, let providers, let mark):
            let location = mark.map { "\($0): " } ?? ""
            let advice = providers.isEmpty ? "; no registered plugin provides it either"
                : "; add one of: \(providers.joined(separator: ", "))"
            return "\(location)plugin '\(plugin)' requires '\(capability)' but no plugin in profile '\(profile)' provides it\(advice)"
        case .duplicateProvider(let capability, let plugins, let profile, let mark):
            let location = mark.map { "\($0): " } ?? ""
            return "\(location)plugins \(plugins.map { "'\($0)'" }.joined(separator: " and ")) in profile '\(profile)' both provide "
                + "'\(capability)', which can have only one provider; remove one of them from the profile (or set it to false)"
        case .dependencyCycle(let keys):
            return "plugins require each other in a cycle: \(keys.joined(separator: " → ")); "
                + "none of them can start first — remove one from the profile or change what it requires"
        case .invalidConfig(_, let error):
            return error.description
        }
    }
}
