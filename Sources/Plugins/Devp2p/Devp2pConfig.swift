import Kernel

/// Settings of the `devp2p` transport plugin.
public struct Devp2pConfig: Decodable, Sendable, Equatable {
    /// Address to listen on.
    public var host: String = "0.0.0.0"
    /// TCP port to listen on; 0 picks a free port (tests).
    public var port: UInt16 = 30303
    /// The address advertised in enode URLs (defaults to `host`, or 127.0.0.1 when listening on 0.0.0.0).
    public var advertisedHost: String?
    public var clientID: String = "Parley/v0.1.0/linux/swift6"
    /// Handshakes in flight at once (range 1…10 000). When full, the oldest handshake that has not yet
    /// sent a valid auth is dropped for the newcomer (see `HandshakeAdmission`), so a flood cannot lock
    /// honest dialers out.
    public var maxPendingHandshakes: Int = 64
    /// Handshakes in flight from one IP (range 1…max-pending-handshakes).
    public var maxHandshakesPerIP: Int = 8
    /// Handshakes in flight from one /24 or /64 (range max-handshakes-per-ip…max-pending-handshakes).
    public var maxHandshakesPerSubnet: Int = 16
    /// Loopback sources count only against `max-pending-handshakes` (every local peer is 127.0.0.1).
    public var exemptLoopback: Bool = true
    public var handshakeTimeoutSeconds: Double = 5
    public var pingIntervalSeconds: Double = 15
    public var idleTimeoutSeconds: Double = 30
    /// Largest frame accepted from a peer (1 KiB … 16 MiB − 1, the RLPx maximum). Sessions accept less
    /// when every negotiated capability has a smaller limit (`waku`: its max-message-size).
    public var maxFrameBytes: Int = RLPxFrameCodec.maximumFrameSize
    /// Frame bodies all sessions together may hold while they arrive (≥ max-frame-bytes); a frame that
    /// does not fit ends its session.
    public var receiveBudgetBytes: Int = 64 * 1024 * 1024
    /// Send legacy (pre-EIP-8) auth packets when dialling (interop tests only).
    public var legacyHandshake: Bool = false

    public init() {}

    /// The accept-time limits these settings describe.
    var handshakeLimits: HandshakeLimits {
        HandshakeLimits(total: maxPendingHandshakes, perIP: maxHandshakesPerIP, perSubnet: maxHandshakesPerSubnet,
                        exemptLoopback: exemptLoopback)
    }

    enum CodingKeys: String, CodingKey {
        case host, port, advertisedHost, clientID = "clientId", maxPendingHandshakes, maxHandshakesPerIP = "maxHandshakesPerIp",
             maxHandshakesPerSubnet, exemptLoopback, handshakeTimeoutSeconds,
             pingIntervalSeconds, idleTimeoutSeconds, maxFrameBytes, receiveBudgetBytes, legacyHandshake
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Devp2pConfig()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try c.decodeIfPresent(UInt16.self, forKey: .port) ?? defaults.port
        advertisedHost = try c.decodeIfPresent(String.self, forKey: .advertisedHost)
        clientID = try c.decodeIfPresent(String.self, forKey: .clientID) ?? defaults.clientID
        maxPendingHandshakes = try c.decode(Int.self, forKey: .maxPendingHandshakes, default: defaults.maxPendingHandshakes, in: 1...10_000)
        maxHandshakesPerIP = try c.decode(Int.self, forKey: .maxHandshakesPerIP,
                                          default: min(defaults.maxHandshakesPerIP, maxPendingHandshakes),
                                          in: 1...maxPendingHandshakes, unit: "handshakes (at most max-pending-handshakes)")
        maxHandshakesPerSubnet = try c.decode(Int.self, forKey: .maxHandshakesPerSubnet,
                                              default: min(max(defaults.maxHandshakesPerSubnet, maxHandshakesPerIP), maxPendingHandshakes),
                                              in: maxHandshakesPerIP...maxPendingHandshakes,
                                              unit: "handshakes (max-handshakes-per-ip…max-pending-handshakes)")
        exemptLoopback = try c.decodeIfPresent(Bool.self, forKey: .exemptLoopback) ?? defaults.exemptLoopback
        handshakeTimeoutSeconds = try c.decode(Double.self, forKey: .handshakeTimeoutSeconds, default: defaults.handshakeTimeoutSeconds,
                                               in: 0.01...3600, unit: "seconds")
        pingIntervalSeconds = try c.decode(Double.self, forKey: .pingIntervalSeconds, default: defaults.pingIntervalSeconds,
                                           in: 0.01...3600, unit: "seconds")
        idleTimeoutSeconds = try c.decode(Double.self, forKey: .idleTimeoutSeconds, default: defaults.idleTimeoutSeconds,
                                          in: 0.02...86_400, unit: "seconds")
        maxFrameBytes = try c.decode(Int.self, forKey: .maxFrameBytes, default: defaults.maxFrameBytes,
                                     in: 1024...RLPxFrameCodec.maximumFrameSize, unit: "bytes")
        receiveBudgetBytes = try c.decode(Int.self, forKey: .receiveBudgetBytes, default: Swift.max(defaults.receiveBudgetBytes, maxFrameBytes + 32),
                                          in: (maxFrameBytes + 32)...(1 << 40), unit: "bytes (at least max-frame-bytes + 32)")
        legacyHandshake = try c.decodeIfPresent(Bool.self, forKey: .legacyHandshake) ?? defaults.legacyHandshake
        guard idleTimeoutSeconds > pingIntervalSeconds else {
            throw DecodingError.dataCorruptedError(forKey: .idleTimeoutSeconds, in: c,
                                                   debugDescription: "idle-timeout-seconds must be larger than ping-interval-seconds")
        }
    }
}
