/// A named thing a plugin provides or requires (e.g. `transport`, `discovery`, `waku.relay`).
///
/// Capabilities are what the lifecycle plan orders plugins by: a plugin that requires `transport`
/// starts after some plugin that provides it, and stops before it. Names are free-form, dotted by
/// convention; a plugin providing `transport.devp2p` usually also provides the generic `transport`.
///
/// **How many providers.** A capability is *shared* unless declared exclusive: several plugins of one
/// profile may provide `transport` (devp2p and memory) or `discovery` (static-peers and bootstrap-peers),
/// and a dependent starts after all of them. An *exclusive* capability (`Capability(_:exclusive: true)`,
/// e.g. `waku`, `waku.send`) has at most one provider per profile: the plan refuses a second one
/// (`PlanError.duplicateProvider`, reported by `parley profile check`). A capability counts as exclusive
/// when any plugin in the profile declares it so. Independently of this, every `ServiceKey` has one
/// provider at a time: a second `provide` of the same key fails naming both plugins.
///
/// Two capabilities are equal when their names are; exclusivity is a declaration, not part of the identity.
public struct Capability: Hashable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    /// At most one plugin per profile may provide it (see the type's documentation).
    public let isExclusive: Bool

    public init(_ name: String, exclusive: Bool = false) {
        self.name = name
        self.isExclusive = exclusive
    }
    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { name }
    public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.name < rhs.name }
    public static func == (lhs: Capability, rhs: Capability) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

extension Capability {
    /// Something that moves bytes between peers (devp2p, libp2p, memory). Shared.
    public static let transport: Capability = "transport"
    /// A source of peer records for the connection manager (static peers, discv5, rendezvous). Shared.
    public static let discovery: Capability = "discovery"
    /// Commands on the node's control socket (`ServiceKey.controlMethod(_:)`). Kernel-level and shared:
    /// every plugin implicitly provides it, so any plugin may register control methods without
    /// declaring anything; each method name still has one provider.
    public static let control: Capability = "control"
}
