import Foundation
import Kernel
import Primitives
import WakuCore

/// Settings of the `waku` plugin (YAML keys in kebab-case).
public struct WakuConfig: Decodable, Sendable, Equatable {
    /// Lowest PoW accepted from peers and advertised in Status.
    public var minimumPow: Double = WakuConstants.nodeMinimumPoW
    /// Advertise this node as light.
    public var lightNode = false
    /// Topics (hex, `0x1234abcd`) advertised as topic interest; nil = bloom mode.
    public var topicInterest: [String]?
    /// Bloom filter (128 hex digits) advertised in bloom mode; nil = full (all 0xff).
    public var bloom: String?
    /// Largest envelope accepted (`20 + len(data)`), at most 10 MiB.
    public var maxMessageSize = WakuConstants.defaultMaxMessageSize
    /// Envelopes per second accepted from one peer; 0 = unlimited. The default, 100, stands in for
    /// status-go's defaults (5 packets/s per peer id, 10 per IP, 1 MiB/s), which count batched packets:
    /// Parley relays one envelope per packet, so it limits envelopes, well above honest chat traffic.
    public var rateLimit = Self.defaultRateLimit
    /// `rate-limit` when the profile does not set it.
    public static let defaultRateLimit = 100
    /// Send BatchAcknowledged for every Messages packet.
    public var confirmations = false
    /// Seconds to wait for a peer's Status.
    public var handshakeTimeoutSeconds = 10.0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case minimumPow, lightNode, topicInterest, bloom, maxMessageSize, rateLimit, confirmations, handshakeTimeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WakuConfig()
        minimumPow = try c.decode(Double.self, forKey: .minimumPow, default: d.minimumPow, in: 0...1_000_000)
        lightNode = try c.decodeIfPresent(Bool.self, forKey: .lightNode) ?? d.lightNode
        topicInterest = try c.decodeIfPresent([String].self, forKey: .topicInterest)
        bloom = try c.decodeIfPresent(String.self, forKey: .bloom)
        maxMessageSize = try c.decode(Int.self, forKey: .maxMessageSize, default: d.maxMessageSize, in: 1...WakuConstants.hardMaxMessageSize, unit: "bytes")
        rateLimit = try c.decode(Int.self, forKey: .rateLimit, default: d.rateLimit, in: 0...1_000_000, unit: "envelopes per second (0 = unlimited)")
        confirmations = try c.decodeIfPresent(Bool.self, forKey: .confirmations) ?? d.confirmations
        handshakeTimeoutSeconds = try c.decode(Double.self, forKey: .handshakeTimeoutSeconds, default: d.handshakeTimeoutSeconds, in: 0.01...3600, unit: "seconds")
        func fail(_ key: CodingKeys, _ text: String) -> DecodingError { .dataCorruptedError(forKey: key, in: c, debugDescription: text) }
        guard topicInterest == nil || bloom == nil else { throw fail(.bloom, "set either topic-interest or bloom, not both") }
        if let topics = topicInterest {
            guard topics.count <= WakuConstants.maxTopicInterest else { throw fail(.topicInterest, "at most \(WakuConstants.maxTopicInterest) topics") }
            for topic in topics where (try? Topic(hex: topic)) == nil {
                throw fail(.topicInterest, "'\(topic)' is not a 4-byte hex topic like 0x1234abcd")
            }
        }
        if let bloom, Self.bloom(hex: bloom) == nil { throw fail(.bloom, "must be 128 hex digits (64 bytes)") }
    }

    static func bloom(hex: String) -> Bloom? {
        let digits = hex.hasPrefix("0x") ? String(hex.dropFirst(2)) : hex
        guard let bytes = try? Hex.decode(digits) else { return nil }
        return try? Bloom(bytes: bytes)
    }

    /// The Status options this configuration advertises.
    public var statusOptions: StatusOptions {
        var options = StatusOptions(powRequirement: minimumPow, lightNode: lightNode, confirmationsEnabled: confirmations,
                                    packetRateLimits: RateLimits(peerID: UInt64(rateLimit)))
        if let topicInterest {
            options.topicInterest = topicInterest.compactMap { try? Topic(hex: $0) }
        } else {
            options.bloomFilter = bloom.flatMap(Self.bloom(hex:)) ?? .full
        }
        return options
    }
}

/// The `waku/1` protocol handler: handshake (advertising `WakuPeers.advertised`), then the receive
/// loop, with the session registered in `WakuPeers`.
public struct WakuHandler: ProtocolHandler {
    public var protocolID: ProtocolID { WakuCapability.id }
    public var messageCodeCount: UInt { WakuCapability.messageCodeCount }
    /// A Messages packet: one envelope up to `max-message-size` plus its list framing.
    public var maximumMessageSize: Int? { policy.maxPacketSize }
    public let policy: WakuReceivePolicy
    public let handshakeTimeout: Duration
    public let peers: WakuPeers
    /// Times the handshake.
    public let clock: any NodeClock

    public init(policy: WakuReceivePolicy, handshakeTimeout: Duration, peers: WakuPeers, clock: any NodeClock = SystemClock()) {
        self.policy = policy
        self.handshakeTimeout = handshakeTimeout
        self.peers = peers
        self.clock = clock
    }

    public func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
        let session = WakuPeerSession(stream: stream, peer: peer)
        let offered = await peers.advertised
        do { try await session.handshake(offered, timeout: handshakeTimeout, clock: clock) } catch let error as WakuHandshakeError {
            if case .timedOut = error { await peer.penalize(.minor(error.description)) } else {
                await peer.penalize(.protocolViolation(error.description))
            }
            throw error
        }
        await peers.register(session)
        // A role or interest change broadcast while the handshake ran did not reach this session (it was
        // not registered yet), and its Status carried the old options: send what is advertised now.
        let current = await peers.advertised
        if current != offered { try? await session.sendStatusUpdate(current) }
        do {
            try await session.run(policy: policy, peers: peers)
        } catch {
            await peers.unregister(session)
            throw error
        }
        await peers.unregister(session)
    }
}

/// The `waku` plugin: speaks `waku/1` with every peer and provides the parts of its `WakuPeers` under
/// WakuCore's peer-seam keys (`.wakuPeers`, `.wakuPeerEvents`, `.wakuSinks`, `.wakuRole`, `.wakuPenalties`).
public struct WakuPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(key: "waku", summary: "Waku v1 subprotocol waku/1 (Status, envelopes, confirmations)",
                                                    provides: [.waku], requires: [.transport])
    public var descriptor: PluginDescriptor { Self.descriptor }
    public let config: WakuConfig
    let peers: WakuPeers?

    /// `peers`: a registry to use instead of a fresh one (tests and simulations observe it directly).
    public init(config: WakuConfig, peers: WakuPeers? = nil) {
        self.config = config
        self.peers = peers
    }

    public static func factory(peers: WakuPeers? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: WakuConfig.self) { WakuPlugin(config: $0, peers: peers) }
    }

    public func prepare(_ context: PluginContext) async throws {
        let peers = self.peers ?? WakuPeers(envelopesPerSecond: config.rateLimit)
        let clock = context.clock
        var policy = WakuReceivePolicy(
            acceptance: EnvelopeAcceptance(minimumPoW: config.minimumPow, maxMessageSize: config.maxMessageSize),
            confirmationsEnabled: config.confirmations,
            now: { UInt32(clamping: Int64(clock.now().timeIntervalSince1970)) })
        policy.untilNextWindow = {
            let now = clock.now().timeIntervalSince1970
            try await clock.sleep(for: .milliseconds(Int64(((now.rounded(.down) + 1 - now) * 1000).rounded(.up))))
        }
        await peers.advertise(config.statusOptions)
        try peers.provide(in: context)
        await context.network.register(handler: WakuHandler(policy: policy,
                                                            handshakeTimeout: .milliseconds(Int64(config.handshakeTimeoutSeconds * 1000)),
                                                            peers: peers, clock: clock))
        context.logger.info("waku/1 ready", metadata: ["light": "\(config.lightNode)", "min-pow": "\(config.minimumPow)"])
    }
}
