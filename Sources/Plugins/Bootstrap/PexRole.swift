import Kernel

/// Keeps `pex/1` to one plugin per node. Profiles holding both `bootstrap` and `bootstrap-peers`
/// are already rejected by the plan (both provide the exclusive `PexCapability.exclusiveCapability`);
/// this start-time check catches anything else that
/// registered the protocol first, instead of silently replacing its handler.
enum PexRole {
    static func claim(for context: PluginContext) async throws {
        if await context.network.localProtocols().contains(where: { $0.id == PexCapability.id }) {
            throw BootstrapSetupError.protocolAlreadyServed(plugin: context.pluginKey)
        }
    }
}
