import Kernel
import WakuCore

/// Settings of the `relay` plugin (no keys yet; `relay: {}` enables it).
public struct RelayConfig: Decodable, Sendable, Equatable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
}

/// The `relay` plugin: floods every envelope a peer sent to every other peer whose topic interest
/// or bloom (and PoW requirement) matches it — once per envelope hash, never back to its sender,
/// never after it expired. While it runs the node advertises itself as full (not light, full bloom).
/// Acceptance checks (PoW, size, drift, rate limits) are the `waku` plugin's.
public struct RelayPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(key: "relay", summary: "Waku relay: floods envelopes to interested peers",
                                                    provides: [.wakuRelay], requires: [.waku])
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
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await (envelope, origin) in stream {
                    await stats.record(await relay.handle(envelope, origin: origin))
                    stats.backlog.remove()
                }
            }
            await context.stopSignal.wait()
            continuation.finish()
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
