import Foundation
import Kernel
import Primitives
import Synchronization

/// The `rendezvous` plugin: Status's `/rend/0.1.0` (status-im/rendezvous v1.3.0) over the libp2p transport.
/// As a client it keeps its servers connected, registers this node's ENR under the profile's topics and —
/// only while the connection manager wants peers, within the budget — discovers records and hands them to
/// the manager (the discovery seam discv5 uses). As a rendezvous point it answers with bounded memory.
public struct RendezvousPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: RendezvousDiscoverySource.sourceName,
        summary: "discovery: Status rendezvous /rend/0.1.0 over libp2p (client and rendezvous point) with a per-minute budget",
        provides: [.discovery, "discovery.rendezvous"], requires: [.transport])

    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: RendezvousConfig
    let stats: RendStats?
    private let running = RunningRendezvous()

    /// `stats` lets tests and the bench read the counters; nil makes the plugin's own.
    public init(config: RendezvousConfig, stats: RendStats? = nil) {
        self.config = config
        self.stats = stats
    }

    public static func factory(stats: RendStats? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: RendezvousConfig.self) { RendezvousPlugin(config: $0, stats: stats) }
    }

    public func prepare(_ context: PluginContext) async throws {
        let counter = await context.network.trafficCounter(for: RendezvousDiscoverySource.sourceName)
        let stats = self.stats ?? RendStats()
        if self.stats == nil || counter !== stats.traffic { stats.attach(counter) }
        let registry = config.serve ? RendRegistry(rules: config.rules, clock: context.clock) : nil
        let server = registry.map {
            RendServerSession(registry: $0, stats: stats, clock: context.clock,
                              idleTimeout: .milliseconds(Int64(config.idleTimeoutSeconds * 1000)))
        }
        var client: RendClientLoop?
        if !config.servers.isEmpty {
            let me = context.identity.publicKey
            let source = RendezvousDiscoverySource(servers: config.servers, excluding: [PeerID(publicKey: me), .libp2p(secp256k1: me)],
                                                   reofferAfter: 6 * config.schedule.reregisterEvery.seconds, clock: context.clock)
            let records = RendOwnRecord(key: context.identity.privateKey, ip: config.announceIP, tcpPort: config.tcpPort,
                                        dial: config.dial, network: context.network)
            let budget = RendBudgetBox(RendBudget(discoversPerMinute: config.schedule.discoversPerMinute,
                                                  bytesPerMinute: config.schedule.bytesPerMinute))
            let dial = config.dial
            client = RendClientLoop(schedule: config.schedule, source: source, stats: stats, clock: context.clock, budget: budget,
                                    ownRecord: { await records.current() }, address: { RendOwnRecord.address(of: $0, dial: dial) })
            await context.network.register(discovery: source)
        }
        let handler = RendHandler(server: server, client: client, servers: Set(config.servers.compactMap(\.peerID)))
        await context.network.register(handler: handler)
        if config.serve {
            // libp2p's /rendezvous/1.0.0 beside Status's /rend/0.1.0, with the same memory bound.
            let v1 = RendezvousV1Registry(clock: context.clock, maximumRecords: config.rules.maximumRecords,
                                          maximumRegistrationsPerPeer: config.rules.maximumRegistrationsPerPeer)
            await context.network.register(handler: RendezvousV1Handler(registry: v1, stats: stats))
        }
        running.set(registry)
        context.logger.info("rendezvous ready", metadata: [
            "serve": "\(config.serve)", "servers": "\(config.servers.count)", "topics": "\(config.schedule.topics)"])
    }

    public func health() async -> PluginHealth {
        .healthy
    }

    /// Records a running rendezvous point holds (nil on a client-only node).
    public func recordCount() async -> Int? { await running.get()?.recordCount }
}

final class RunningRendezvous: Sendable {
    private let registry = Mutex<RendRegistry?>(nil)
    func set(_ value: RendRegistry?) { registry.withLock { $0 = value } }
    func get() -> RendRegistry? { registry.withLock { $0 } }
}
