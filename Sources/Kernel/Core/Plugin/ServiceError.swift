/// Why a plugin could not provide or obtain a service (`PluginContext.provide` / `require` / `lookup`).
///
/// Each case names the plugin, the service key and its capability, and says what to change: most are
/// a descriptor that does not declare what the code uses.
public enum ServiceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The plugin provided a service of a capability its descriptor does not provide.
    case undeclaredProvide(plugin: String, service: String, capability: Capability)
    /// The plugin asked for a service of a capability its descriptor neither requires, optionally
    /// requires nor provides.
    case undeclaredRequirement(plugin: String, service: String, capability: Capability)
    /// A second plugin (or a second call) provided a key that is already provided.
    case duplicateProvider(service: String, capability: Capability, first: String, second: String)
    /// The capability is declared, but no running plugin provides the service.
    case missing(plugin: String, service: String, capability: Capability)

    public var description: String {
        switch self {
        case .undeclaredProvide(let plugin, let service, let capability):
            return "plugin '\(plugin)' provides the service \(service) of capability '\(capability)', "
                + "but its descriptor does not provide '\(capability)'; add it to the descriptor's `provides`"
        case .undeclaredRequirement(let plugin, let service, let capability):
            return "plugin '\(plugin)' looks up the service \(service) of capability '\(capability)', "
                + "but its descriptor does not declare '\(capability)'; add it to `requires` (or `optionalRequires`)"
        case .duplicateProvider(let service, let capability, let first, let second):
            let who = first == second ? "plugin '\(first)' provides it twice" : "plugins '\(first)' and '\(second)' both provide it"
            return "service \(service) of capability '\(capability)' has two providers: \(who); keep one provider in the profile"
        case .missing(let plugin, let service, let capability):
            return "plugin '\(plugin)' needs the service \(service), but no running plugin provides '\(capability)'; "
                + "add a plugin that provides it to the profile"
        }
    }
}
