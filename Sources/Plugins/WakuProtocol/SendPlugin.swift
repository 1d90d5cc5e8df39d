import Kernel
import WakuCore

/// Settings of the `send` plugin (YAML keys in kebab-case); defaults are Status's (wire-facts §2.9).
public struct SendConfig: Decodable, Sendable, Equatable {
    /// Time to live of posted envelopes, seconds.
    public var ttl: UInt32 = StatusSendDefaults.ttl
    /// PoW target; nil applies Status's rule (0.002, or 0.000002 for payloads above 50 000 bytes).
    public var pow: Double?
    /// Time budget of the PoW search, seconds.
    public var workTimeSeconds = 5.0

    public init() {}

    enum CodingKeys: String, CodingKey { case ttl, pow, workTimeSeconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SendConfig()
        ttl = try c.decode(UInt32.self, forKey: .ttl, default: d.ttl, in: 1...2_592_000, unit: "seconds")
        pow = try c.decodeIfPresent(Double.self, forKey: .pow, in: 0...1_000_000)
        workTimeSeconds = try c.decode(Double.self, forKey: .workTimeSeconds, default: d.workTimeSeconds, in: 0.001...3600, unit: "seconds")
    }

    /// The sealing parameters this configuration stands for.
    public var sealing: SealingParameters {
        SealingParameters(ttl: ttl, powTarget: pow, workTime: .milliseconds(Int64(workTimeSeconds * 1000)))
    }
}

/// Why a post failed.
public enum SendError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message could not be encrypted or sealed.
    case message(OutgoingMessageError)
    /// No connected peer wants the envelope (topic interest, bloom or PoW).
    case noInterestedPeer(EnvelopeHash)
    /// Every interested peer failed to take it.
    case allSendsFailed(EnvelopeHash, peers: Int)

    public var description: String {
        switch self {
        case .message(let error): return "cannot post: \(error)"
        case .noInterestedPeer(let hash): return "envelope \(hash) not sent: no connected peer wants it (topic interest, bloom or PoW requirement)"
        case .allSendsFailed(let hash, let count): return "envelope \(hash) not sent: all \(count) interested peers failed"
        }
    }
}

/// The `EnvelopeSender` of the `send` plugin: seals with the configured TTL and PoW, delivers the
/// envelope locally, then sends it to every connected peer whose interest matches.
public struct WakuSender: EnvelopeSender {
    let peers: any WakuPeerDirectory
    let sinks: any WakuEnvelopeSinks
    /// TTL, PoW target and work time applied when a message does not override them.
    public let sealing: SealingParameters
    /// Per-peer confirmations of what this sender posted.
    public let deliveries: DeliveryTracker
    let now: @Sendable () -> UInt32

    public init(peers: any WakuPeerDirectory, sinks: any WakuEnvelopeSinks, sealing: SealingParameters,
                deliveries: DeliveryTracker = DeliveryTracker(), now: @escaping @Sendable () -> UInt32) {
        self.peers = peers
        self.sinks = sinks
        self.sealing = sealing
        self.deliveries = deliveries
        self.now = now
    }

    /// A sender on a `WakuPeers` bundle (tests and simulations).
    public init(peers: WakuPeers, sealing: SealingParameters, deliveries: DeliveryTracker = DeliveryTracker(),
                now: @escaping @Sendable () -> UInt32) {
        self.init(peers: peers.directory, sinks: peers.sinks, sealing: sealing, deliveries: deliveries, now: now)
    }

    public func post(_ message: OutgoingMessage) async throws -> EnvelopeHash {
        let envelope: Envelope
        do { envelope = try message.envelope(now: now(), defaults: sealing) } catch { throw SendError.message(error) }
        return try await send(envelope)
    }

    /// Hands the envelope to this node's sinks (origin `.local`: local subscribers, the store, the
    /// relay's dedup) and sends it to every interested peer.
    public func send(_ envelope: Envelope) async throws -> EnvelopeHash {
        await sinks.deliver(envelope, origin: .local)
        let targets = await peers.links(interestedIn: envelope)
        guard !targets.isEmpty else { throw SendError.noInterestedPeer(envelope.hash) }
        var reached = 0
        for session in targets {
            guard let batch = try? await session.send(envelopes: [envelope]) else { continue }
            reached += 1
            await deliveries.sent(envelope.hash, in: batch, to: session.peerID)
        }
        guard reached > 0 else { throw SendError.allSendsFailed(envelope.hash, peers: targets.count) }
        return envelope.hash
    }
}

/// The `send` plugin: provides a `WakuSender` as `.envelopeSender` to later plugins and tracks per-peer
/// confirmations of what it posts.
public struct SendPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(key: "send", summary: "Waku send: seals and posts envelopes (TTL, PoW from config)",
                                                    provides: [.wakuSend], requires: [.waku])
    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: SendConfig
    let handoff: ServiceHandoff<WakuSender>?

    public init(config: SendConfig, handoff: ServiceHandoff<WakuSender>? = nil) {
        self.config = config
        self.handoff = handoff
    }

    /// `handoff`: receives the sender once prepared (tests and simulations).
    public static func factory(handoff: ServiceHandoff<WakuSender>? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: SendConfig.self) { SendPlugin(config: $0, handoff: handoff) }
    }

    /// This plugin's own sender, kept for `run`.
    static let senderKey = ServiceKey<WakuSender>(.wakuSend, "send.waku-sender")

    public func prepare(_ context: PluginContext) async throws {
        let clock = context.clock
        let sender = WakuSender(peers: try context.require(.wakuPeers), sinks: try context.require(.wakuSinks), sealing: config.sealing,
                                now: { UInt32(clamping: Int64(clock.now().timeIntervalSince1970)) })
        try context.provide(Self.senderKey, sender)
        try context.provide(.envelopeSender, sender)
        try context.provide(.controlMethod("waku.post"), PostMethod(sender: sender, nodeKey: context.identity.privateKey))
        await handoff?.put(sender)
    }

    public func run(_ context: PluginContext) async throws {
        let sender = try context.require(Self.senderKey)
        let events = await (try context.require(.wakuPeerEvents)).events()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await sender.deliveries.follow(events) }
            await context.stopSignal.wait()
            group.cancelAll()
        }
    }
}
