// The Parley kernel: a small runtime that wires capability plugins according to a YAML profile.
//
// Everything above the kernel (transports, discovery, Waku capabilities, the messenger) is a plugin,
// named in a profile and started/stopped in dependency order. The kernel owns only:
//   - the plugin model (`NodePlugin`, `PluginFactory`, `PluginRegistry`, `PluginContext` with its services),
//   - profiles (`Profile`, `ProfileLoader`, libyaml-based, with `extends:`, `--set` and `StandingOverrides`),
//   - the lifecycle (`LifecyclePlan`; `Kernel` starts each plugin in its own structured task, stops them
//     gracefully then cancels after the grace period, and `Kernel.apply(_:)` switches role at runtime
//     through `ApplySteps`, rolling back if a start fails),
//   - the clock plugins see (`NodeClock`), the typed `EventBus`, the `NodeIdentity`,
//   - the network seams (`Transport`, `SecureConnection`, `ProtocolStream`, `ProtocolHandler`,
//     `DiscoverySource`) and the `PeerBook` / `ConnectionManager` that drive them.
// The composition roots that pick plugins (the CLI, the local network, benches) live in Sources/App.
