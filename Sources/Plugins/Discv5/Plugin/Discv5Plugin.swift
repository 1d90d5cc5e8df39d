import Foundation
import Synchronization
import Kernel
import Primitives

/// The `discv5` plugin: Discovery v5.1 on UDP. Publishes this node's ENR (ip, udp, tcp, a `waku`
/// entry with role and capabilities, and `multiaddrs` with the libp2p addresses when that transport
/// runs), keeps a Kademlia table persisted in SQLite, and feeds the
/// connection manager the peers that match the profile's filter — looking up only while the manager
/// wants peers, within the profile's lookups/bytes per minute budget.
public struct Discv5Plugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: Discv5DiscoverySource.sourceName,
        summary: "discovery: Discovery v5.1 (UDP, ENR, Kademlia lookups) with a per-minute budget",
        provides: [.discovery, "discovery.discv5"], requires: [.transport])

    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: Discv5Config
    private let running = RunningService()

    public init(config: Discv5Config) { self.config = config }

    public static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: Discv5Config.self) { Discv5Plugin(config: $0) }
    }

    public func prepare(_ context: PluginContext) async throws {
        var serviceConfig = Discv5ServiceConfig()
        serviceConfig.protocolID = try Discv5ProtocolID(config.protocolID)
        serviceConfig.requestTimeout = .milliseconds(config.requestTimeoutMilliseconds)
        let database = try NodeDatabase(path: context.storageDirectory + "/nodes.sqlite")
        let counter = await context.network.trafficCounter(for: Discv5DiscoverySource.sourceName)
        let waku = WakuRecordEntry(role: config.role, capabilities: config.capabilities)
        var extra = ["waku": waku.item]
        // The libp2p listen addresses, when that transport runs (it is prepared before us: we require a transport).
        extra[MultiaddrsRecordEntry.key] = MultiaddrsRecordEntry(listening: await context.network.listenAddresses()).item
        let service = try await Discv5Service.bind(
            key: context.identity.privateKey, host: config.host, port: config.port, announceIP: config.announceIP,
            tcp: config.tcpPort.map(UInt16.init), extra: extra, clock: context.clock, config: serviceConfig, traffic: counter)
        // Our seq continues from the stored record and goes up whenever the content changed (e.g. light → full).
        if let stored = try database.localRecord() {
            let current = await service.localRecord
            let same = stored.pairs.count == current.pairs.count
                && zip(stored.pairs, current.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            try await service.resign(seq: same ? stored.seq : stored.seq + 1)
        } else if case .recoveredFromCorruption(let aside) = database.opening {
            // The stored seq is lost: continue from the clock (milliseconds, like go-ethereum's first seq) so
            // peers holding our older record still take the new one.
            try await service.resign(seq: UInt64(max(1, context.clock.now().timeIntervalSince1970 * 1000)))
            context.logger.warning("discv5 node database was unreadable; moved aside, starting with an empty one",
                                   metadata: ["moved-to": "\(aside)"])
        }
        try database.saveLocalRecord(await service.localRecord)
        let bootnodes = config.bootnodes.compactMap { try? NodeRecord(text: $0, requireValidSignature: true) }
        await service.addBootnodes(bootnodes + (try database.load(now: context.clock.now())))
        let source = Discv5DiscoverySource(clock: context.clock)
        running.set(service: service, source: source, database: database)
        await context.network.register(discovery: source)
        let record = await service.localRecord
        context.logger.info("discv5 listening", metadata: [
            "enr": "\(record.text)", "protocol-id": "\(config.protocolID)", "seq": "\(record.seq)"])
    }

    public func run(_ context: PluginContext) async throws {
        guard let (service, source, database) = running.get() else { return }
        let network = context.network
        let loop = Discv5DiscoveryLoop(config: config, service: service, source: source, database: database, clock: context.clock,
                                       listening: { await network.listenAddresses() })
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await loop.run() }
            await context.stopSignal.wait()
            group.cancelAll()
        }
        try? database.save(await service.table.entries, now: context.clock.now())
        await service.stop()
    }

    public func health() async -> PluginHealth {
        guard let (service, _, _) = running.get() else { return .healthy }
        return await service.tableCount == 0 ? .degraded("the discv5 table is empty: check bootnodes") : .healthy
    }
}

/// The plugin's running parts, set in `prepare` and read in `run`.
final class RunningService: Sendable {
    private let parts = Mutex<(Discv5Service, Discv5DiscoverySource, NodeDatabase)?>(nil)
    func set(service: Discv5Service, source: Discv5DiscoverySource, database: NodeDatabase) { parts.withLock { $0 = (service, source, database) } }
    func get() -> (Discv5Service, Discv5DiscoverySource, NodeDatabase)? { parts.withLock { $0 } }
}
