import Kernel
import WakuCore

/// Settings of the `relay` plugin: `relay: {}` floods; `relay: {mode: gossipsub}` publishes on a pubsub
/// topic through the `gossipsub` plugin instead; `mode: bridge` does both (gossipsub and waku/1 peers).
public struct RelayConfig: Decodable, Sendable, Equatable {
    /// How envelopes travel between relays.
    public enum Mode: String, Decodable, Sendable, CaseIterable {
        case flooding, gossipsub, bridge
        var usesPubsub: Bool { self != .flooding }
        var floods: Bool { self != .gossipsub }
    }

    public var mode: Mode = .flooding
    /// The pubsub topic of Waku v1 envelopes (RLP) in gossipsub and bridge modes.
    public var pubsubTopic = RelayConfig.defaultPubsubTopic
    /// Envelopes from pubsub peers are checked like waku/1 ones (the `waku` plugin's defaults unless set).
    public var minimumPow = WakuConstants.nodeMinimumPoW
    public var maxMessageSize = WakuConstants.defaultMaxMessageSize

    public static let defaultPubsubTopic = "/waku/1/default/rlp"

    public init(mode: Mode = .flooding) { self.mode = mode }

    enum CodingKeys: String, CodingKey { case mode, pubsubTopic, minimumPow, maxMessageSize }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try c.decodeIfPresent(String.self, forKey: .mode) {
            guard let mode = Mode(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: .mode, in: c,
                    debugDescription: "relay mode '\(text)' is not one of \(Mode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.mode = mode
        }
        pubsubTopic = try c.decodeIfPresent(String.self, forKey: .pubsubTopic) ?? pubsubTopic
        guard !pubsubTopic.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .pubsubTopic, in: c, debugDescription: "pubsub-topic must not be empty")
        }
        minimumPow = try c.decode(Double.self, forKey: .minimumPow, default: minimumPow, in: 0...1_000_000)
        maxMessageSize = try c.decode(Int.self, forKey: .maxMessageSize, default: maxMessageSize,
                                      in: 1...WakuConstants.hardMaxMessageSize, unit: "bytes")
    }
}

/// The `relay` plugin: floods every envelope a peer sent to every other peer whose topic interest
/// or bloom (and PoW requirement) matches it — once per envelope hash, never back to its sender,
/// never after it expired. In gossipsub mode it publishes them on a pubsub topic instead (see
/// `PubsubRelay`), and in bridge mode it does both. While it runs the node advertises itself as full (not light, full bloom).
/// Acceptance checks (PoW, size, drift, rate limits) are the `waku` plugin's.
public struct RelayPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(key: "relay", summary: "Waku relay: floods envelopes to interested peers",
                                                    provides: [.wakuRelay], requires: [.waku], optionalRequires: [.pubsub])
    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: RelayConfig
    /// Counters of this plugin instance.
    public let stats: RelayStats

    public init(config: RelayConfig, stats: RelayStats = RelayStats()) {
        self.config = config
        self.stats = stats
    }

    /// `stats`: counters to share with an observer (tests and simulations); fresh ones otherwise.
    public static func factory(stats: RelayStats? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: RelayConfig.self) { RelayPlugin(config: $0, stats: stats ?? RelayStats()) }
    }

    public func run(_ context: PluginContext) async throws {
        let peers = try context.require(.wakuPeers)
        let sinks = try context.require(.wakuSinks)
        let role = try context.require(.wakuRole)
        let (stream, continuation) = AsyncStream.makeStream(of: (Envelope, EnvelopeOrigin).self, bufferingPolicy: .bufferingNewest(10_000))
        let sinkID = await sinks.addSink(ForwardingSink(continuation: continuation, backlog: stats.backlog))
        await role.setRelaying(true)
        let relay = Relay(peers: peers, seen: SeenEnvelopes(), clock: context.clock)
        let stats = self.stats
        try context.provide(.metricsSource(context.pluginKey), stats)
        let mode = config.mode
        var router: (any PubsubRouter)?
        if mode.usesPubsub {
            router = try context.lookup(.pubsub)
            if router == nil {
                await sinks.removeSink(sinkID)
                await role.setRelaying(false)
                throw RelayStartError.noPubsub(mode)
            }
        }
        let pubsub = router.map { router in
            PubsubRelay(router: router, topic: config.pubsubTopic, sinks: sinks, stats: stats, clock: context.clock,
                        acceptance: EnvelopeAcceptance(minimumPoW: config.minimumPow, maxMessageSize: config.maxMessageSize))
        }
        await withTaskGroup(of: Void.self) { group in
            if let pubsub {
                let deliveries = await pubsub.join()
                group.addTask { await pubsub.deliver(deliveries) }
            }
            group.addTask {
                for await (envelope, origin) in stream {
                    if let pubsub { await pubsub.publish(envelope, origin: origin) }
                    if mode.floods { await stats.record(await relay.handle(envelope, origin: origin)) }
                    stats.backlog.remove()
                }
            }
            await context.stopSignal.wait()
            continuation.finish()
            await pubsub?.leave()
            await group.waitForAll()
        }
        await sinks.removeSink(sinkID)
        await role.setRelaying(false)
    }
}

/// Hands accepted envelopes to a plugin's own loop without blocking the session that received them.
struct ForwardingSink: EnvelopeSink {
    let continuation: AsyncStream<(Envelope, EnvelopeOrigin)>.Continuation
    /// Counts what waits in the loop's queue, if the plugin keeps count.
    var backlog: RelayBacklog?

    func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws {
        backlog?.add()
        switch continuation.yield((envelope, origin)) {
        case .enqueued: break
        case .dropped, .terminated: backlog?.remove()  // the oldest was pushed out, or the loop ended
        @unknown default: break
        }
    }
}

/// The relay decision for one envelope.
public struct Relay: Sendable {
    let peers: any WakuPeerDirectory
    let seen: SeenEnvelopes
    let clock: any NodeClock

    /// What happened to an envelope.
    public enum Outcome: Sendable, Equatable {
        /// Queued for this many peers; `droppedForSlowPeers` found their peer's outbound queue full.
        case flooded(Int, droppedForSlowPeers: Int = 0)
        /// Already relayed (same hash, not expired).
        case duplicate
        /// Expired before it could be relayed.
        case expired
        /// Not from a relaying peer (local posts are the send plugin's; history is never relayed).
        case notRelayable
    }

    @discardableResult
    func handle(_ envelope: Envelope, origin: EnvelopeOrigin) async -> Outcome {
        let now = UInt32(clamping: Int64(clock.now().timeIntervalSince1970))
        guard case .relay(let from) = origin else {
            // Our own posts were sent by the send plugin: remember them so an echo is not flooded again.
            if origin == .local { _ = await seen.firstSighting(of: envelope, now: now) }
            return .notRelayable
        }
        guard envelope.expiry >= now else { return .expired }
        guard await seen.firstSighting(of: envelope, now: now) else { return .duplicate }
        let sender = PeerID(from)
        // Queued on each peer's bounded outbound queue, never waited for: a peer that reads slowly has
        // copies dropped (counted) instead of holding up the others.
        var reached = 0, dropped = 0
        for link in await peers.links(interestedIn: envelope, excluding: sender) {
            switch try? await link.offer(envelopes: [envelope]) {
            case true?: reached += 1
            case false?: dropped += 1
            case nil: break  // the session ended meanwhile
            }
        }
        return .flooded(reached, droppedForSlowPeers: dropped)
    }
}
