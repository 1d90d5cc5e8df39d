// The Parley kernel: a small runtime that wires capability plugins according to a YAML profile.
//
// Everything above the kernel (transports, discovery, Waku capabilities, the messenger) is a plugin,
// named in a profile and started/stopped in dependency order. The kernel owns only:
//   - the plugin model (`NodePlugin`, `PluginFactory`, `PluginRegistry`),
//   - profiles (`Profile`, `ProfileLoader`, libyaml-based, with `extends:` and `--set`),
//   - the lifecycle (`LifecyclePlan`, `Supervisor`, `Kernel.apply(_:)` for switching role at runtime),
//   - the typed `EventBus`, the `NodeIdentity`,
//   - the network seams (`Transport`, `SecureConnection`, `ProtocolStream`, `ProtocolHandler`,
//     `DiscoverySource`) and the `PeerBook` / `ConnectionManager` that drive them.
// See ../shared/ARCHITECTURE.md §3 for the intended shape.
