import Kernel
import WakuCore

/// The `waku` plugin's peer set, split by job: the sessions (`directory`), the event stream
/// (`eventHub`), the envelope sinks (`sinks`), the per-peer rate limit (`limiter`), the penalty log
/// (`penaltyLog`) and what the node advertises (`advertisement`). The plugin provides each part under
/// its WakuCore service key; other plugins see only those protocols.
///
/// This bundle is what a `WakuHandler` and its sessions work with, and what tests and simulations
/// inject (`WakuPlugin.factory(peers:)`) to observe a node; its methods forward to the parts.
public struct WakuPeers: Sendable {
    public let directory: WakuSessionTable
    public let eventHub: WakuEventHub
    public let sinks: WakuSinkSet
    public let limiter: EnvelopeRateLimiter
    public let penaltyLog: WakuPenaltyLog
    public let advertisement: WakuAdvertisement
    /// Envelopes received and refused, across sessions (for `/metrics`).
    public let ingress = WakuIngressStats()

    /// - Parameter envelopesPerSecond: per-peer limit on received envelopes; 0 = none.
    public init(envelopesPerSecond: Int = 0) {
        directory = WakuSessionTable()
        eventHub = WakuEventHub()
        sinks = WakuSinkSet(events: eventHub)
        limiter = EnvelopeRateLimiter(perSecond: envelopesPerSecond)
        penaltyLog = WakuPenaltyLog(sessions: directory)
        advertisement = WakuAdvertisement(sessions: directory)
    }

    /// A new subscription to what peers send (`WakuEventHub.events()`).
    public func events() async -> AsyncStream<WakuPeerEvent> { await eventHub.events() }

    /// What new sessions advertise.
    public var advertised: StatusOptions { get async { await advertisement.advertised } }
    public func advertise(_ options: StatusOptions) async { await advertisement.advertise(options) }
    @discardableResult
    public func broadcastStatusUpdate(_ options: StatusOptions) async -> Int { await advertisement.broadcastStatusUpdate(options) }
    public func setRelaying(_ relaying: Bool) async { await advertisement.setRelaying(relaying) }
    public func setLocalInterest(_ topics: Set<Topic>?) async { await advertisement.setLocalInterest(topics) }

    /// Ids of the peers with an active session.
    public var peerIDs: [PeerID] { get async { await directory.connectedPeers } }
    public func session(for peer: PeerID) async -> WakuPeerSession? { await directory.session(for: peer) }
    public func peers(interestedIn envelope: Envelope, excluding: PeerID? = nil) async -> [WakuPeerSession] {
        await directory.sessions(interestedIn: envelope, excluding: excluding)
    }
    public func trust(_ peer: PeerID, _ isTrusted: Bool = true) async { await directory.trust(peer, isTrusted) }
    public func isTrusted(_ peer: PeerID) async -> Bool { await directory.isTrusted(peer) }

    @discardableResult
    public func addSink(_ sink: any EnvelopeSink) async -> UInt64 { await sinks.addSink(sink) }
    public func removeSink(_ id: UInt64) async { await sinks.removeSink(id) }
    public var sinkCount: Int { get async { await sinks.sinkCount } }
    public var sinkFailures: Int { get async { await sinks.sinkFailures } }

    public func penalize(_ peer: PeerID, _ penalty: PeerPenalty) async { await penaltyLog.penalize(peer, penalty) }
    public func penalties(for peer: PeerID) async -> [String] { await penaltyLog.penalties(for: peer) }

    /// Provides every part under its WakuCore service key (the `waku` plugin's `prepare`).
    func provide(in context: PluginContext) throws {
        try context.provide(.wakuPeers, directory)
        try context.provide(.wakuPeerEvents, eventHub)
        try context.provide(.wakuSinks, sinks)
        try context.provide(.wakuRole, advertisement)
        try context.provide(.wakuPenalties, penaltyLog)
        try context.provide(.metricsSource(context.pluginKey), ingress)
    }

    // MARK: Session side

    func register(_ session: WakuPeerSession) async {
        await directory.register(session)
        await eventHub.emit(.peerJoined(session.peerID))
    }

    func unregister(_ session: WakuPeerSession) async {
        guard await directory.unregister(session) else { return }
        await limiter.forget(session.peerID)
        await eventHub.emit(.peerLeft(session.peerID))
    }

    func admit(_ count: Int, from peer: PeerID, now: UInt32) async -> RateDecision { await limiter.admit(count, from: peer, now: now) }
    func recordPenalty(_ reason: String, peer: PeerID) async { await penaltyLog.record(reason, peer: peer) }
    func emit(_ event: WakuPeerEvent) async { await eventHub.emit(event) }
    func deliver(_ envelope: Envelope, origin: EnvelopeOrigin) async { await sinks.deliver(envelope, origin: origin) }
}
