import Synchronization

/// Typed services that plugins hand to each other through the kernel (`provide` / `require`).
///
/// A plugin providing a capability (say, Waku's envelope sender) registers the object here during
/// `prepare` under a `ServiceKey`; plugins that require that capability start afterwards and look it up
/// by key. Each key has one provider at a time. Entries are owned by the providing plugin and removed
/// when it stops, so a role switch never leaves a dangling service behind.
///
/// Declared-capability checks are `PluginContext`'s; this registry only stores and refuses duplicates.
public final class ServiceRegistry: Sendable {
    private struct Entry: @unchecked Sendable {
        let owner: String
        let value: Any
    }
    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    func provide<T: Sendable>(_ key: ServiceKey<T>, _ value: T, owner: String) throws(ServiceError) {
        let existing: String? = entries.withLock { entries in
            if let entry = entries[key.name] { return entry.owner }
            entries[key.name] = Entry(owner: owner, value: value)
            return nil
        }
        if let existing {
            throw .duplicateProvider(service: key.description, capability: key.capability, first: existing, second: owner)
        }
    }

    func lookup<T: Sendable>(_ key: ServiceKey<T>) -> T? {
        entries.withLock { $0[key.name]?.value as? T }
    }

    /// Names of the services provided now whose name starts with `prefix`, sorted.
    func names(prefix: String) -> [String] {
        entries.withLock { $0.keys.filter { $0.hasPrefix(prefix) }.sorted() }
    }

    /// The value under a full service name, untyped (for enumerations such as `metricsSources()`).
    func lookupAny(_ name: String) -> Any? {
        entries.withLock { $0[name]?.value }
    }

    func removeAll(ownedBy owner: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.owner != owner } }
    }
}
