/// A named thing a plugin provides or requires (e.g. `transport`, `discovery`, `waku.relay`).
///
/// Capabilities are what the lifecycle plan orders plugins by: a plugin that requires `transport`
/// starts after some plugin that provides it, and stops before it. Names are free-form, dotted by
/// convention; a plugin providing `transport.devp2p` usually also provides the generic `transport`.
public struct Capability: Hashable, Sendable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    public var description: String { name }
    public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.name < rhs.name }
}

extension Capability {
    /// Something that moves bytes between peers (devp2p, libp2p, memory).
    public static let transport: Capability = "transport"
    /// A source of peer records for the connection manager (static peers, discv5, rendezvous).
    public static let discovery: Capability = "discovery"
}
