import Synchronization

/// Typed services that plugins hand to each other through the kernel (`provide` / `require`).
///
/// A plugin providing a capability (say, Waku's envelope sender) registers the object here during
/// `prepare`; plugins that require that capability start afterwards and look it up by type. Entries
/// are owned by the providing plugin and removed when it stops, so a role switch never leaves a
/// dangling service behind.
public final class ServiceRegistry: Sendable {
    private struct Entry: @unchecked Sendable {
        let owner: String
        let value: Any
    }
    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    func provide<T: Sendable>(_ type: T.Type, _ value: T, name: String?, owner: String) {
        entries.withLock { $0[Self.key(type, name)] = Entry(owner: owner, value: value) }
    }

    func lookup<T: Sendable>(_ type: T.Type, name: String?) -> T? {
        entries.withLock { $0[Self.key(type, name)]?.value as? T }
    }

    func removeAll(ownedBy owner: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.owner != owner } }
    }

    private static func key<T>(_ type: T.Type, _ name: String?) -> String {
        "\(String(reflecting: type))#\(name ?? "")"
    }
}

/// Raised when a plugin asks for a service nobody provides.
public struct MissingServiceError: Error, CustomStringConvertible {
    public let plugin: String
    public let service: String
    public var description: String {
        "plugin '\(plugin)' needs the service \(service), but no running plugin provides it; " +
        "add a plugin that provides it to the profile"
    }
}
