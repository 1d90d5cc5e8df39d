import Foundation
import Kernel
import Libp2pCore
import Primitives
import Synchronization

/// The `rendezvous` plugin: Status's `/rend/0.1.0` (status-im/rendezvous v1.3.0) or libp2p's `/rendezvous/1.0.0`
/// (profile `protocol:`) over the libp2p transport. As a client it keeps its servers connected, registers this node
/// (an ENR, or a signed peer record) under the profile's topics and —
/// only while the connection manager wants peers, within the budget — discovers records and hands them to
/// the manager (the discovery seam discv5 uses). As a rendezvous point it answers with bounded memory.
public struct RendezvousPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: RendezvousDiscoverySource.sourceName,
        summary: "discovery: rendezvous over libp2p, Status /rend/0.1.0 or libp2p /rendezvous/1.0.0 (client and rendezvous point) with a per-minute budget",
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
            let budget = RendBudgetBox(RendBudget(discoversPerMinute: config.schedule.discoversPerMinute,
                                                  bytesPerMinute: config.schedule.bytesPerMinute))
            client = RendClientLoop(schedule: config.schedule, source: source, stats: stats, clock: context.clock, budget: budget,
                                    requests: requests(context, stats: stats))
            await context.network.register(discovery: source)
        }
        let clientOf = { (flavour: RendezvousFlavour) in config.flavour == flavour ? client : nil }
        let servers = Set(config.servers.compactMap(\.peerID))
        // A client registers both flavours' handlers so the stream of the one it does not speak is opened when a
        // server is dialled and parked: `parley ctl apply` can then swap the flavour on the same connection.
        if config.serve || client != nil {
            await context.network.register(handler: RendHandler(server: server, client: clientOf(.rend), servers: servers))
        }
        if config.serve || client != nil {
            // libp2p's /rendezvous/1.0.0 beside Status's /rend/0.1.0, with the same memory bound.
            let v1 = config.serve ? RendezvousV1Registry(clock: context.clock, maximumRecords: config.rules.maximumRecords,
                                                         maximumRegistrationsPerPeer: config.rules.maximumRegistrationsPerPeer) : nil
            await context.network.register(handler: RendezvousV1Handler(registry: v1, stats: stats, client: clientOf(.rendezvous), servers: servers))
        }
        running.set(registry)
        context.logger.info("rendezvous ready", metadata: [
            "serve": "\(config.serve)", "protocol": "\(config.flavour.rawValue)", "servers": "\(config.servers.count)", "topics": "\(config.schedule.topics)"])
    }

    /// The profile's flavour of client requests on a stream to a server.
    func requests(_ context: PluginContext, stats: RendStats) -> @Sendable (any ProtocolStream) -> any RendezvousRequests {
        let schedule = config.schedule, clock = context.clock
        switch config.flavour {
        case .rend:
            let records = RendOwnRecord.announcement(key: context.identity.privateKey, ip: config.announceIP, tcpPort: config.tcpPort,
                                                     dial: config.dial, network: context.network)
            let dial = config.dial
            return { stream in
                RendStatusRequests(client: RendClient(stream: stream, clock: clock, timeout: schedule.requestTimeout, stats: stats),
                                   ttlNanoseconds: schedule.ttlNanoseconds, ownRecord: { await records.current() },
                                   address: { RendOwnRecord.address(of: $0, dial: dial) })
            }
        case .rendezvous:
            let own = RendezvousV1OwnPeer.announcement(key: .secp256k1(context.identity.privateKey), ip: config.announceIP,
                                                       tcpPort: config.tcpPort, signed: config.signedPeerRecord, network: context.network)
            let ttl = max(1, UInt64((schedule.ttl / .seconds(1)).rounded(.up)))
            return { stream in
                RendezvousV1Requests(client: RendezvousV1Client(stream: stream, stats: stats), clock: clock, timeout: schedule.requestTimeout,
                                     stats: stats, ttlSeconds: ttl, ownPeer: { await own.current() })
            }
        }
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
