/// The name and type of a service one plugin hands to others through the kernel, tied to the
/// capability it belongs to.
///
/// Keys exist so that service lookups follow the descriptors: a plugin may `provide` a key only for a
/// capability it provides, and `require`/`lookup` one only for a capability it requires (or optionally
/// requires, or provides itself). Declare keys next to the seam type they carry (Waku seams in
/// `WakuCore`, `ControlMethod` here), as static members of a constrained extension, so call sites read
/// `try context.require(.envelopeSender)`.
public struct ServiceKey<T: Sendable>: Sendable, Hashable, CustomStringConvertible {
    /// The capability a provider of this service must declare.
    public let capability: Capability
    /// Unique among all keys of a node (dotted by convention: `waku.sender`).
    public let name: String

    public init(_ capability: Capability, _ name: String) {
        self.capability = capability
        self.name = name
    }

    /// `'waku.sender' (any EnvelopeSender)`, for error messages.
    public var description: String { "'\(name)' (\(String(describing: T.self)))" }
}
