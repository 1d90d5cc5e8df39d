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
    /// Largest frame accepted from a peer.
    public var maxFrameBytes: Int = 16 * 1024 * 1024
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
             pingIntervalSeconds, idleTimeoutSeconds, maxFrameBytes, legacyHandshake
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Devp2pConfig()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try c.decodeIfPresent(UInt16.self, forKey: .port) ?? defaults.port
        advertisedHost = try c.decodeIfPresent(String.self, forKey: .advertisedHost)
        clientID = try c.decodeIfPresent(String.self, forKey: .clientID) ?? defaults.clientID
        maxPendingHandshakes = try c.decodeIfPresent(Int.self, forKey: .maxPendingHandshakes) ?? defaults.maxPendingHandshakes
        maxHandshakesPerIP = try c.decodeIfPresent(Int.self, forKey: .maxHandshakesPerIP)
            ?? min(defaults.maxHandshakesPerIP, maxPendingHandshakes)
        maxHandshakesPerSubnet = try c.decodeIfPresent(Int.self, forKey: .maxHandshakesPerSubnet)
            ?? min(max(defaults.maxHandshakesPerSubnet, maxHandshakesPerIP), maxPendingHandshakes)
        exemptLoopback = try c.decodeIfPresent(Bool.self, forKey: .exemptLoopback) ?? defaults.exemptLoopback
        handshakeTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .handshakeTimeoutSeconds) ?? defaults.handshakeTimeoutSeconds
        pingIntervalSeconds = try c.decodeIfPresent(Double.self, forKey: .pingIntervalSeconds) ?? defaults.pingIntervalSeconds
        idleTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .idleTimeoutSeconds) ?? defaults.idleTimeoutSeconds
        maxFrameBytes = try c.decodeIfPresent(Int.self, forKey: .maxFrameBytes) ?? defaults.maxFrameBytes
        legacyHandshake = try c.decodeIfPresent(Bool.self, forKey: .legacyHandshake) ?? defaults.legacyHandshake
        guard (1...10_000).contains(maxPendingHandshakes) else {
            throw DecodingError.dataCorruptedError(forKey: .maxPendingHandshakes, in: c,
                                                   debugDescription: "expected 1…10000, got \(maxPendingHandshakes)")
        }
        guard (1...maxPendingHandshakes).contains(maxHandshakesPerIP) else {
            throw DecodingError.dataCorruptedError(forKey: .maxHandshakesPerIP, in: c,
                debugDescription: "expected 1…\(maxPendingHandshakes) (max-pending-handshakes), got \(maxHandshakesPerIP)")
        }
        guard (maxHandshakesPerIP...maxPendingHandshakes).contains(maxHandshakesPerSubnet) else {
            throw DecodingError.dataCorruptedError(forKey: .maxHandshakesPerSubnet, in: c,
                debugDescription: "expected \(maxHandshakesPerIP)…\(maxPendingHandshakes) (max-handshakes-per-ip…max-pending-handshakes), got \(maxHandshakesPerSubnet)")
        }
        guard handshakeTimeoutSeconds > 0, pingIntervalSeconds > 0, idleTimeoutSeconds > pingIntervalSeconds else {
            throw DecodingError.dataCorruptedError(forKey: .idleTimeoutSeconds, in: c,
                                                   debugDescription: "timeouts must be positive and idle-timeout-seconds > ping-interval-seconds")
        }
    }
}
