import Foundation
import Logging

/// Keeps the node connected: admits inbound connections within the peer limits, dials peers from
/// discovery when slots are free (target/max), redials persistent peers with backoff, starts protocol
/// handlers on every connection and accounts traffic per peer, protocol and discovery source.
///
/// Seams are registered by plugins through `PluginNetwork` and removed with `removeAll(ownedBy:)`
/// when their plugin stops; connections of transports that stay registered are never touched by a
/// role switch.
public actor ConnectionManager {
    public nonisolated let localPeer: PeerID
    /// The registered handlers' offers, readable synchronously (transports build handshakes on I/O threads).
    nonisolated let offers = OfferSnapshot()
    /// Wakes the maintenance loop early (new discovery source, lost peer) instead of waiting a tick.
    nonisolated let wake = AsyncMessageQueue<Void>(capacity: 1)
    let events: EventBus
    let logger: Logger
    let clock: any NodeClock
    var limits: PeerLimits
    var peerBook: PeerBook
    /// How often `run()` re-checks peer counts when nothing else woke it.
    let maintenanceInterval: Duration

    var transports: [String: Owned<any Transport>] = [:]
    var handlers: [ProtocolID: Owned<any ProtocolHandler>] = [:]
    var sources: [String: Owned<any DiscoverySource>] = [:]
    var sourceOrder: [String] = []
    var nextSource = 0
    var sourceTraffic: [String: TrafficCounter] = [:]
    var protocolTraffic: [ProtocolID: TrafficCounter] = [:]
    var connections: [PeerID: LiveConnection] = [:]
    var pendingDials: [PeerAddress: Task<Void, Never>] = [:]
    /// While a profile is being applied no new dials start, so a handshake never offers a
    /// half-registered protocol set (RLPx fixes capabilities per session).
    var dialingPaused = false

    struct Owned<Value: Sendable>: Sendable {
        let owner: String
        let value: Value
    }

    public init(localPeer: PeerID, limits: PeerLimits, events: EventBus, logger: Logger,
                clock: any NodeClock = SystemClock(), backoff: RedialBackoff = RedialBackoff(),
                maintenanceInterval: Duration = .milliseconds(250)) {
        self.localPeer = localPeer
        self.limits = limits
        self.events = events
        self.logger = logger
        self.clock = clock
        self.peerBook = PeerBook(backoff: backoff)
        self.maintenanceInterval = maintenanceInterval
    }

    // MARK: Registration

    func register(transport: any Transport, owner: String) {
        transports[transport.name] = Owned(owner: owner, value: transport)
    }

    func register(handler: any ProtocolHandler, owner: String) {
        handlers[handler.protocolID] = Owned(owner: owner, value: handler)
        offers.value = localProtocols()
        for live in connections.values where live.streams[handler.protocolID] != nil {
            startServing(live, handler.protocolID)
        }
    }

    func register(discovery source: any DiscoverySource, owner: String) {
        sources[source.name] = Owned(owner: owner, value: source)
        if !sourceOrder.contains(source.name) { sourceOrder.append(source.name) }
        wake.push(())
    }

    /// Removes everything `owner` registered: its handlers stop serving (streams stay open for a
    /// successor), its discovery records are forgotten, its transport's connections are closed.
    public func removeAll(ownedBy owner: String) async {
        for (id, handler) in handlers where handler.owner == owner {
            handlers[id] = nil
            offers.value = localProtocols()
            for live in connections.values { live.serving.removeValue(forKey: id)?.cancel() }
        }
        for (name, source) in sources where source.owner == owner {
            sources[name] = nil
            sourceOrder.removeAll { $0 == name }
            peerBook.removeAll(fromSource: name)
        }
        let ownedTransports = transports.filter { $0.value.owner == owner }.map(\.key)
        for name in ownedTransports { transports[name] = nil }
        let doomed = connections.values.filter { $0.owner == owner }
        for live in doomed { await live.connection.close(.clientQuitting) }
    }

    func localProtocols() -> [ProtocolOffer] {
        handlers.values.map { ProtocolOffer(id: $0.value.protocolID, messageCodeCount: $0.value.messageCodeCount,
                                          maximumMessageSize: $0.value.maximumMessageSize) }
            .sorted { $0.id < $1.id }
    }

    func trafficCounter(for source: String) -> TrafficCounter {
        if let counter = sourceTraffic[source] { return counter }
        let counter = TrafficCounter()
        sourceTraffic[source] = counter
        return counter
    }

    func connectedPeers() -> [PeerID] { Array(connections.keys) }

    /// Every registered transport's listen addresses, transports in name order.
    func listenAddresses() async -> [PeerAddress] {
        var addresses: [PeerAddress] = []
        for (_, transport) in transports.sorted(by: { $0.key < $1.key }) {
            addresses += await transport.value.listenAddresses()
        }
        return addresses
    }

    /// Holds new dials (during `Kernel.apply`); resuming wakes the dial loop at once.
    public func setDialingPaused(_ paused: Bool) {
        dialingPaused = paused
        if !paused { wake.push(()) }
    }

    /// Changes the peer limits (a role switch may change them); extra peers are not dropped.
    /// New limits take effect at the next pass (`apply` wakes the loop when it resumes dialling).
    public func update(limits: PeerLimits) { self.limits = limits }

    /// Adds a peer record directly (e.g. `parley ctl` or tests), then tries to connect.
    public func addPeer(_ record: PeerRecord) {
        peerBook.add(record)
    }
}
