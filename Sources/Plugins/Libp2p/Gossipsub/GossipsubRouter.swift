import Foundation
import Kernel
import Libp2pCore
import Primitives

/// Where the router writes one peer's RPCs: the peer's outbound pubsub stream (libp2p) or a test double.
public protocol GossipsubLink: Sendable {
    /// Queues one encoded RPC (without length prefix); false when the peer's queue is full (dropped).
    func enqueue(_ rpc: [UInt8]) async -> Bool
    /// The peer's signed peer record (from identify), offered to others in peer exchange.
    var signedPeerRecord: [UInt8]? { get }
}

extension GossipsubLink {
    public var signedPeerRecord: [UInt8]? { nil }
}

/// The pubsub protocol a peer speaks, in preference order.
public enum PubsubProtocol: String, Sendable, CaseIterable {
    case meshsub11 = "/meshsub/1.1.0"
    case meshsub10 = "/meshsub/1.0.0"
    case floodsub = "/floodsub/1.0.0"

    var isGossipsub: Bool { self != .floodsub }
    /// PRUNE backoff and peer exchange are v1.1.
    var supportsBackoff: Bool { self == .meshsub11 }
}

/// The gossipsub v1.1 router: peers and their topics, the mesh of each joined topic, fanout for topics
/// published on without joining, gossip (IHAVE/IWANT) from the message cache, GRAFT/PRUNE with backoff,
/// the seen-cache, StrictNoSign, and the peer score with its thresholds. Transport-free: it reads RPCs
/// handed to `handle(_:from:)` and writes through each peer's `GossipsubLink`; `heartbeat()` is driven by
/// the plugin on its NodeClock.
public actor GossipsubRouter: PubsubRouter {
    struct Peer {
        /// Nil until this node's outbound stream is open (the peer's inbound stream may come first).
        var link: (any GossipsubLink)?
        var proto: PubsubProtocol
        var outbound: Bool
        var connection: ObjectIdentifier?
        var topics: Set<String> = []
        var ihavesThisBeat = 0
        var iwantedThisBeat = 0
        var served: [[UInt8]: Int] = [:]
        /// The read-rate bucket (when `maxMessagesPerSecondPerPeer` is set).
        var readRate: GossipsubReadRate?
    }

    struct Joined {
        let policy: any PubsubTopicPolicy
        let continuation: AsyncStream<PubsubDelivery>.Continuation
    }

    let parameters: GossipsubParameters
    let clock: any NodeClock
    let defaultPolicy: any PubsubTopicPolicy
    /// Reports a peer to the node's peer book when gossipsub's own score sees hostile input.
    let report: @Sendable (PeerID, PeerPenalty) async -> Void
    /// Receives the verified peer records of accepted peer exchange (the plugin dials them through the
    /// connection manager).
    let exchange: @Sendable ([SignedPeerRecord]) async -> Void

    var peers: [PeerID: Peer] = [:]
    var joined: [String: Joined] = [:]
    var mesh: [String: Set<PeerID>] = [:]
    var fanout: [String: Set<PeerID>] = [:]
    var fanoutLastPublished: [String: Date] = [:]
    var backoff: [String: [PeerID: Date]] = [:]
    var mcache: GossipsubMessageCache
    var seen: GossipsubSeenCache
    var score: GossipsubPeerScore
    /// IWANTs this node sent and not yet answered: message id → (peer, deadline).
    var promises: [[UInt8]: (peer: PeerID, deadline: Date)] = [:]
    var heartbeats = 0
    public let stats: GossipsubStats

    public init(parameters: GossipsubParameters, clock: any NodeClock, stats: GossipsubStats = GossipsubStats(),
         defaultPolicy: any PubsubTopicPolicy = ContentAddressedPolicy(),
         report: @escaping @Sendable (PeerID, PeerPenalty) async -> Void = { _, _ in },
         exchange: @escaping @Sendable ([SignedPeerRecord]) async -> Void = { _ in }) {
        self.parameters = parameters
        self.exchange = exchange
        self.clock = clock
        self.defaultPolicy = defaultPolicy
        self.report = report
        self.stats = stats
        mcache = GossipsubMessageCache(historyLength: parameters.historyLength, historyGossip: parameters.historyGossip)
        seen = GossipsubSeenCache(ttl: parameters.seenTTLSeconds)
        score = GossipsubPeerScore(parameters: parameters.score)
    }

    // MARK: peers

    /// A peer whose outbound stream is open: tell it our topics.
    public func addPeer(_ id: PeerID, proto: PubsubProtocol, outbound: Bool, ip: String?, link: any GossipsubLink,
                 connection: ObjectIdentifier? = nil) async {
        if peers[id] == nil { score.connected(id, ip: ip) }
        let known = peers[id]?.topics ?? []
        peers[id] = Peer(link: link, proto: proto, outbound: outbound, connection: connection, topics: known)
        let hello = PubsubRPC(subscriptions: joined.keys.sorted().map { .init(subscribe: true, topic: $0) })
        if !hello.isEmpty { await send(hello, to: id) }
    }

    /// The peer opened its stream to this node (possibly before this node's own stream is ready).
    func inboundStream(_ id: PeerID, proto: PubsubProtocol, outbound: Bool, ip: String?, connection: ObjectIdentifier?) {
        guard peers[id] == nil else { return }
        score.connected(id, ip: ip)
        peers[id] = Peer(link: nil, proto: proto, outbound: outbound, connection: connection)
    }

    /// The peer's connection ended (only the one `connection` identifies, when given).
    public func removePeer(_ id: PeerID, connection: ObjectIdentifier? = nil) {
        guard let peer = peers[id], connection == nil || peer.connection == connection else { return }
        peers[id] = nil
        for topic in mesh.keys { mesh[topic]?.remove(id) }
        for topic in fanout.keys { fanout[topic]?.remove(id) }
        score.disconnected(id, now: clock.now())
    }

    public func peerScore(_ id: PeerID) -> Double { score.score(id, now: clock.now()) }
    /// P5: the application's own opinion of a peer (weighted by `appSpecificWeight`).
    public func setApplicationScore(_ id: PeerID, _ value: Double) { score.setAppScore(id, value) }
    public func meshPeers(_ topic: String) -> Set<PeerID> { mesh[topic] ?? [] }
    func connectedPeers() -> [PeerID] { Array(peers.keys) }
    public func topics(of id: PeerID) -> Set<String> { peers[id]?.topics ?? [] }
    func isBackedOff(_ id: PeerID, _ topic: String) -> Bool { (backoff[topic]?[id]).map { $0 > clock.now() } ?? false }

    /// The plugin stopped: every subscriber's stream ends and peers are forgotten.
    func shutdown() {
        for entry in joined.values { entry.continuation.finish() }
        joined = [:]
        peers = [:]
        mesh = [:]
        fanout = [:]
    }

    // MARK: PubsubRouter

    public func join(_ topic: String, policy: any PubsubTopicPolicy) async -> AsyncStream<PubsubDelivery> {
        let (stream, continuation) = AsyncStream.makeStream(of: PubsubDelivery.self, bufferingPolicy: .bufferingNewest(10_000))
        let wasJoined = joined[topic] != nil
        joined[topic]?.continuation.finish()
        joined[topic] = Joined(policy: policy, continuation: continuation)
        guard !wasJoined else { return stream }
        for id in peers.keys { await send(PubsubRPC(subscriptions: [.init(subscribe: true, topic: topic)]), to: id) }
        // The mesh starts from the fanout peers, topped up from the topic's other peers.
        var members = fanout.removeValue(forKey: topic) ?? []
        fanoutLastPublished[topic] = nil
        for id in eligibleForMesh(topic, excluding: members).prefix(max(0, parameters.d - members.count)) { members.insert(id) }
        mesh[topic] = []
        for id in members { await graft(id, topic) }
        return stream
    }

    public func leave(_ topic: String) async {
        guard let entry = joined.removeValue(forKey: topic) else { return }
        entry.continuation.finish()
        for id in mesh.removeValue(forKey: topic) ?? [] { await prune(id, topic, px: true) }
        for id in peers.keys { await send(PubsubRPC(subscriptions: [.init(subscribe: false, topic: topic)]), to: id) }
    }

    @discardableResult
    public func publish(_ topic: String, data: [UInt8]) async -> Int {
        let now = clock.now()
        let message = PubsubRPC.Message(data: data, topic: topic)   // StrictNoSign: no from, seqno, signature, key
        let id = (joined[topic]?.policy ?? defaultPolicy).messageID(of: data)
        guard seen.firstSighting(id, now: now) else { return 0 }
        mcache.put(id, message)
        stats.count(\.published)
        var targets = Set<PeerID>()
        let subscribers = peers.filter { $0.value.topics.contains(topic) }.map(\.key)
        if parameters.floodPublish {
            targets = Set(subscribers.filter { score.score($0, now: now) >= parameters.score.publishThreshold })
        } else if let members = mesh[topic] {
            targets = members
        } else {
            var members = fanout[topic] ?? []
            if members.isEmpty {
                members = Set(subscribers.filter { peers[$0]!.proto.isGossipsub && score.score($0, now: now) >= parameters.score.publishThreshold }
                    .shuffled().prefix(parameters.d))
                fanout[topic] = members
            }
            targets = members
        }
        // floodsub peers get everything of their topics.
        targets.formUnion(subscribers.filter { peers[$0]!.proto == .floodsub })
        if joined[topic] == nil { fanoutLastPublished[topic] = now }
        let rpc = PubsubRPC(publish: [message]).bytes
        var reached = 0
        for target in targets where await send(encoded: rpc, to: target) { reached += 1 }
        return reached
    }

    // MARK: sending

    @discardableResult
    func send(_ rpc: PubsubRPC, to id: PeerID) async -> Bool {
        await send(encoded: rpc.bytes, to: id)
    }

    /// Sends an RPC encoded once for several peers (a publish or forward).
    @discardableResult
    func send(encoded bytes: [UInt8], to id: PeerID) async -> Bool {
        guard let peer = peers[id], let link = peer.link else { return false }
        let queued = await link.enqueue(bytes)
        stats.sent(bytes: bytes.count, queued: queued)
        return queued
    }

    func graft(_ id: PeerID, _ topic: String) async {
        guard let peer = peers[id], peer.proto.isGossipsub else { return }
        mesh[topic, default: []].insert(id)
        score.grafted(id, topic, now: clock.now())
        stats.count(\.graftsSent)
        await send(PubsubRPC(control: .init(graft: [.init(topic: topic)])), to: id)
    }

    /// PRUNEs `id` from `topic`'s mesh with a backoff; `px` offers other topic peers (peer exchange).
    func prune(_ id: PeerID, _ topic: String, penalty backoffSeconds: Double? = nil, px: Bool = false) async {
        mesh[topic]?.remove(id)
        score.pruned(id, topic)
        let seconds = backoffSeconds ?? parameters.pruneBackoffSeconds
        backoff[topic, default: [:]][id] = clock.now().addingTimeInterval(seconds)
        guard let peer = peers[id], peer.proto.isGossipsub else { return }
        stats.count(\.prunesSent)
        var prune = PubsubRPC.Prune(topic: topic, backoff: peer.proto.supportsBackoff ? UInt64(seconds) : nil)
        if px && peer.proto.supportsBackoff { prune.peers = exchangeOffer(topic, for: id) }
        await send(PubsubRPC(control: .init(prune: [prune])), to: id)
    }

    /// Topic peers that could join the mesh: gossipsub, not in backoff, score not negative, not in `excluding`.
    func eligibleForMesh(_ topic: String, excluding: Set<PeerID>) -> [PeerID] {
        let now = clock.now()
        return peers.filter { id, peer in
            peer.proto.isGossipsub && peer.topics.contains(topic) && !excluding.contains(id) && !isBackedOff(id, topic)
                && score.score(id, now: now) >= 0
        }.map(\.key).shuffled()
    }
}

/// Message id = SHA-256 of the data (StrictNoSign needs a content id; Waku topics use the envelope hash).
public struct ContentAddressedPolicy: PubsubTopicPolicy {
    public init() {}
    public func messageID(of data: [UInt8]) -> [UInt8] { SHA2.sha256(data) }
    public func validate(_ data: [UInt8]) async -> PubsubValidation { .accept }
}
