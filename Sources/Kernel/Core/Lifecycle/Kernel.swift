import Foundation
import Logging

/// The node runtime: starts the plugins of a profile in dependency order, switches to another
/// profile at runtime (`apply`) touching only the difference, and stops everything gracefully.
///
/// The kernel knows no protocol: transports, discovery and Waku capabilities reach it only as
/// plugins through the seams in `Network/`. One kernel per node; several can share a process
/// (simulations, tests) because nothing in here is global.
public actor Kernel {
    public nonisolated let identity: NodeIdentity
    public nonisolated let events: EventBus
    public nonisolated let network: ConnectionManager
    public nonisolated let registry: PluginRegistry
    let services = ServiceRegistry()
    let dataDirectory: String
    let logger: Logger
    let clock: any NodeClock
    /// How long `prepare` may take before the start counts as failed.
    let startTimeout: Duration

    var plan: LifecyclePlan?
    var running: [String: RunningPlugin] = [:]
    var networkTask: Task<Void, Never>?
    var applying = false
    /// When `start` first ran (for the uptime in `status()`).
    var startedAt: Date?
    /// `<data-dir>` and `<data-dir>/plugins` were made private (0700) by this kernel; each plugin start
    /// then only checks its own directory.
    var pluginsDirectoryPrivate = false

    /// Peer limits come from each applied profile's `node.peers`.
    public init(registry: PluginRegistry, identity: NodeIdentity, dataDirectory: String,
                logger: Logger = Logger(label: "parley.kernel"), clock: any NodeClock = SystemClock(),
                backoff: RedialBackoff = RedialBackoff(),
                startTimeout: Duration = .seconds(30)) {
        self.registry = registry
        self.identity = identity
        self.dataDirectory = dataDirectory
        self.logger = logger
        self.clock = clock
        self.startTimeout = startTimeout
        self.events = EventBus()
        var networkLogger = Logger(label: "parley.network")
        networkLogger.logLevel = logger.logLevel
        self.network = ConnectionManager(localPeer: identity.peerID, limits: PeerLimits(), events: events,
                                         logger: networkLogger, clock: clock, backoff: backoff)
    }

    /// The profile the node currently runs, if started.
    public var currentProfile: Profile? { plan?.profile }

    /// Keys of plugins currently running, in start order.
    public var runningPlugins: [String] {
        (plan?.order ?? []).map(\.key).filter { running[$0] != nil }
    }

    /// Starts the node on `profile` (the first `apply`), and the connection manager's dial loop.
    @discardableResult
    public func start(_ profile: Profile) async throws -> ApplyReport {
        if startedAt == nil { startedAt = clock.now() }
        if networkTask == nil {
            let network = self.network
            networkTask = Task { await network.run() }
        }
        do {
            return try await apply(profile)
        } catch {
            if plan == nil { await stop() }   // nothing runs: do not leave the dial loop behind
            throw error
        }
    }

    /// Stops every plugin in reverse dependency order, then the network.
    public func stop() async {
        if let plan {
            for planned in plan.stopOrder {
                if let plugin = running[planned.key] { await stopPlugin(plugin, grace: plan.profile.node.gracePeriod) }
            }
        }
        self.plan = nil
        networkTask?.cancel()
        networkTask = nil
        await network.shutdown()
    }

    /// The control method a running plugin registered under `name` (see `ControlMethod`).
    public nonisolated func controlMethod(named name: String) -> (any ControlMethod)? {
        services.lookup(.controlMethod(name))
    }

    /// A service a running plugin provides, for composition roots that observe a node from outside
    /// (the embedded local network, benches, tests) instead of handing plugins live objects.
    public nonisolated func service<T: Sendable>(_ key: ServiceKey<T>) -> T? {
        services.lookup(key)
    }

    public func status() async -> NodeStatusReport {
        var plugins: [NodeStatusReport.Plugin] = []
        for planned in plan?.order ?? [] {
            let record = running[planned.key]
            let instance = record?.planned.plugin ?? planned.plugin
            let health = record?.state == .running ? await instance.health().description : (record?.exitError ?? "stopped")
            plugins.append(NodeStatusReport.Plugin(
                key: planned.key, state: record?.state.rawValue ?? "stopped", health: health,
                provides: planned.descriptor.provides.map(\.name), requires: planned.descriptor.requires.map(\.name)))
        }
        var report = NodeStatusReport(profile: plan?.profile.name, nodeID: identity.peerID.hex, plugins: plugins,
                                      network: await network.status(), droppedEvents: events.droppedEvents)
        report.uptimeSeconds = startedAt.map { max(0, clock.now().timeIntervalSince($0)) }
        return report
    }
}

extension NodeSettings {
    var gracePeriod: Duration { .milliseconds(Int64(max(0, gracePeriodSeconds) * 1000)) }
}
