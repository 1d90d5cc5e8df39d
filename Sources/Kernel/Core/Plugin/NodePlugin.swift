/// A unit of node behaviour the kernel starts and stops: a transport, a discovery source, a Waku
/// capability, the messenger.
///
/// The kernel calls `prepare` then `run` inside one structured task per plugin:
/// - `prepare(_:)` does the start-up work that can fail (bind a port, open a database, register
///   seams). Returning means *ready*: plugins that require this one start only afterwards.
/// - `run(_:)` holds the plugin's long-lived work and must return promptly once
///   `context.stopSignal` fires (or the task is cancelled after the grace period). Plugins with no
///   background work can rely on the default, which waits for the stop signal.
/// Registrations made through the context (transports, handlers, discovery sources) are removed
/// automatically after `run` returns, so a stopped plugin leaves nothing behind.
public protocol NodePlugin: Sendable {
    var descriptor: PluginDescriptor { get }
    func prepare(_ context: PluginContext) async throws
    func run(_ context: PluginContext) async throws
    /// A short human-readable state for `parley ctl status`.
    func health() async -> PluginHealth
}

extension NodePlugin {
    public func prepare(_ context: PluginContext) async throws {}

    public func run(_ context: PluginContext) async throws {
        await context.stopSignal.wait()
    }

    public func health() async -> PluginHealth { .healthy }
}

/// A plugin's own view of how it is doing, shown by `parley ctl status`.
public enum PluginHealth: Sendable, Equatable, CustomStringConvertible {
    case healthy
    case degraded(String)

    public var description: String {
        switch self {
        case .healthy: return "healthy"
        case .degraded(let why): return "degraded: \(why)"
        }
    }
}
