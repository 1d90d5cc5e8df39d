import Kernel
import WakuCore

/// Something a `waku/1` peer sent that later plugins (send, relay, store, history) act on.
public enum WakuPeerEvent: Sendable {
    /// An accepted envelope from a Messages (code 1) or trusted P2PMessage (127) packet.
    case envelope(Envelope, origin: EnvelopeOrigin)
    /// A MessageResponse (code 12) from a peer.
    case messageResponse(MessageResponse, peer: PeerID)
    /// A BatchAcknowledged (code 11) from a peer: it took every envelope of the Messages packet
    /// whose payload hashes to `batch`.
    case batchAcknowledged(batch: [UInt8], peer: PeerID)
    /// A P2PRequest (code 126) payload for a store plugin.
    case p2pRequest([UInt8], peer: PeerID)
    /// A P2PRequestComplete (code 125) payload from a trusted peer.
    case requestComplete([UInt8], peer: PeerID)
    /// A peer finished the handshake or left.
    case peerJoined(PeerID)
    case peerLeft(PeerID)
}

/// The active `waku/1` sessions of a node, provided as a service by the `waku` plugin.
///
/// Later plugins use it to fan envelopes out (`peers(interestedIn:)`), to consume received
/// envelopes (`events`, or `EnvelopeSink`s added with `addSink`), and to update what this node
/// advertises (`broadcastStatusUpdate`).
public actor WakuPeers {
    private var sessions: [PeerID: WakuPeerSession] = [:]
    private var sinks: [(id: UInt64, sink: any EnvelopeSink)] = []
    private var nextSinkID: UInt64 = 0
    private var trusted: Set<PeerID> = []
    private var limiter: RateLimiter
    private var penaltyLog: [PeerID: [String]] = [:]
    private var subscribers: [UInt64: AsyncStream<WakuPeerEvent>.Continuation] = [:]
    private var nextSubscriberID: UInt64 = 0
    private var role = AdvertisedRole()
    /// Sink failures (local problems, never blamed on peers).
    public private(set) var sinkFailures = 0

    /// - Parameter envelopesPerSecond: per-peer limit on received envelopes; 0 = none.
    public init(envelopesPerSecond: Int = 0) {
        limiter = RateLimiter(perSecond: envelopesPerSecond)
    }

    /// Everything peers send that this node acts on, from now on, for one consumer (each call makes a
    /// new subscription; it ends when the consumer stops iterating or the registry goes). Buffers the
    /// newest 10 000 events per subscriber, so a slow consumer loses old events, never blocks a session.
    public func events() -> AsyncStream<WakuPeerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: WakuPeerEvent.self, bufferingPolicy: .bufferingNewest(10_000))
        nextSubscriberID += 1
        let id = nextSubscriberID
        subscribers[id] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UInt64) { subscribers[id] = nil }

    /// What this node advertises in the Status of new sessions; `broadcastStatusUpdate` changes it.
    public private(set) var advertised = StatusOptions()

    /// Sets what new sessions advertise (the `waku` plugin does this from its config).
    public func advertise(_ options: StatusOptions) { advertised = options }

    /// Ids of the peers with an active session.
    public var peerIDs: [PeerID] { Array(sessions.keys) }

    /// The session with `peer`, if any.
    public func session(for peer: PeerID) -> WakuPeerSession? { sessions[peer] }

    /// Sessions whose advertised interest and PoW requirement match `envelope`, except `excluding`.
    public func peers(interestedIn envelope: Envelope, excluding: PeerID? = nil) async -> [WakuPeerSession] {
        var result: [WakuPeerSession] = []
        for (id, session) in sessions where id != excluding {
            if await session.wants(envelope) { result.append(session) }
        }
        return result
    }

    /// Adds a sink that gets every accepted envelope; the returned id removes it again.
    @discardableResult
    public func addSink(_ sink: any EnvelopeSink) -> UInt64 {
        nextSinkID += 1
        sinks.append((nextSinkID, sink))
        return nextSinkID
    }

    /// Removes a sink (its plugin stopped), so role switches do not pile up dead sinks.
    public func removeSink(_ id: UInt64) { sinks.removeAll { $0.id == id } }

    /// Sinks currently registered.
    public var sinkCount: Int { sinks.count }

    /// Marks a peer as trusted (a mailserver): only trusted peers may send codes 125 and 127.
    public func trust(_ peer: PeerID, _ isTrusted: Bool = true) {
        if isTrusted { trusted.insert(peer) } else { trusted.remove(peer) }
    }

    public func isTrusted(_ peer: PeerID) -> Bool { trusted.contains(peer) }

    /// Merges `options` into what this node advertises and sends them as a StatusUpdate to every
    /// peer; returns the number reached.
    @discardableResult
    public func broadcastStatusUpdate(_ options: StatusOptions) async -> Int {
        advertised = advertised.merging(options)
        var reached = 0
        for session in sessions.values where (try? await session.sendStatusUpdate(options)) != nil { reached += 1 }
        return reached
    }

    // MARK: Role

    /// A relay started (`true`) or stopped: while any relay runs, this node advertises itself as a full
    /// node (not light, full bloom); otherwise as a light node interested in `localInterest`, if set.
    /// Sends the StatusUpdate only when what is advertised changes. Connections stay up either way.
    public func setRelaying(_ relaying: Bool) async {
        role.relays += relaying ? 1 : -1
        await advertiseRole()
    }

    /// The topics local subscribers want (the `receive` plugin with `advertise-interest`); `nil` stops
    /// advertising them. Advertised as topic interest while no relay runs.
    public func setLocalInterest(_ topics: Set<Topic>?) async {
        role.localInterest = topics
        await advertiseRole()
    }

    private func advertiseRole() async {
        guard let options = role.options, !advertised.contains(options) else { return }
        await broadcastStatusUpdate(options)
    }

    /// Penalises `peer` for something a plugin found wrong (a bad history request, say): recorded here
    /// and reported to the peer book.
    public func penalize(_ peer: PeerID, _ penalty: PeerPenalty) async {
        recordPenalty(penalty.reason, peer: peer)
        await sessions[peer]?.peer.penalize(penalty)
    }

    /// Reasons this node penalised `peer` for (newest last).
    public func penalties(for peer: PeerID) -> [String] { penaltyLog[peer] ?? [] }

    // MARK: Session side

    func register(_ session: WakuPeerSession) {
        sessions[session.peerID] = session
        emit(.peerJoined(session.peerID))
    }

    func unregister(_ session: WakuPeerSession) {
        guard sessions[session.peerID] === session else { return }
        sessions[session.peerID] = nil
        limiter.forget(session.peerID)
        emit(.peerLeft(session.peerID))
    }

    /// The per-peer rate-limit hook: `false` if `peer` exceeded its envelope budget at `now`.
    func admit(_ count: Int, from peer: PeerID, now: UInt32) -> Bool { limiter.admit(count, from: peer, now: now) }

    func recordPenalty(_ reason: String, peer: PeerID) { penaltyLog[peer, default: []].append(reason) }

    func emit(_ event: WakuPeerEvent) {
        for continuation in subscribers.values { continuation.yield(event) }
    }

    func deliver(_ envelope: Envelope, origin: EnvelopeOrigin) async {
        emit(.envelope(envelope, origin: origin))
        for (_, sink) in sinks {
            do { try await sink.accept(envelope, origin: origin) } catch { sinkFailures += 1 }
        }
    }

    deinit { for continuation in subscribers.values { continuation.finish() } }
}

/// Per-peer envelope budget per one-second window.
struct RateLimiter: Sendable {
    let perSecond: Int
    private var windows: [PeerID: (second: UInt32, count: Int)] = [:]

    init(perSecond: Int) { self.perSecond = perSecond }

    mutating func admit(_ count: Int, from peer: PeerID, now: UInt32) -> Bool {
        guard perSecond > 0 else { return true }
        var window = windows[peer] ?? (now, 0)
        if window.second != now { window = (now, 0) }
        window.count += count
        windows[peer] = window
        return window.count <= perSecond
    }

    mutating func forget(_ peer: PeerID) { windows[peer] = nil }
}

/// What the running capability plugins say this node is: a relaying full node or a light node with
/// topic interest.
struct AdvertisedRole: Sendable {
    var relays = 0
    var localInterest: Set<Topic>?

    /// The options to advertise, or nil to leave the configured ones alone.
    var options: StatusOptions? {
        if relays > 0 {
            var options = StatusOptions(lightNode: false)
            options.bloomFilter = .full
            return options
        }
        guard let topics = localInterest else { return nil }
        return StatusOptions(lightNode: true, topicInterest: topics.sorted())
    }
}
