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
    /// Handshakes in flight at once; more incoming connections are dropped (connection floods).
    public var maxPendingHandshakes: Int = 64
    public var handshakeTimeoutSeconds: Double = 5
    public var pingIntervalSeconds: Double = 15
    public var idleTimeoutSeconds: Double = 30
    /// Largest frame accepted from a peer.
    public var maxFrameBytes: Int = 16 * 1024 * 1024
    /// Send legacy (pre-EIP-8) auth packets when dialling (interop tests only).
    public var legacyHandshake: Bool = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case host, port, advertisedHost, clientID = "clientId", maxPendingHandshakes, handshakeTimeoutSeconds,
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
        handshakeTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .handshakeTimeoutSeconds) ?? defaults.handshakeTimeoutSeconds
        pingIntervalSeconds = try c.decodeIfPresent(Double.self, forKey: .pingIntervalSeconds) ?? defaults.pingIntervalSeconds
        idleTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .idleTimeoutSeconds) ?? defaults.idleTimeoutSeconds
        maxFrameBytes = try c.decodeIfPresent(Int.self, forKey: .maxFrameBytes) ?? defaults.maxFrameBytes
        legacyHandshake = try c.decodeIfPresent(Bool.self, forKey: .legacyHandshake) ?? defaults.legacyHandshake
        guard maxPendingHandshakes > 0 else {
            throw DecodingError.dataCorruptedError(forKey: .maxPendingHandshakes, in: c, debugDescription: "must be at least 1")
        }
        guard handshakeTimeoutSeconds > 0, pingIntervalSeconds > 0, idleTimeoutSeconds > pingIntervalSeconds else {
            throw DecodingError.dataCorruptedError(forKey: .idleTimeoutSeconds, in: c,
                                                   debugDescription: "timeouts must be positive and idle-timeout-seconds > ping-interval-seconds")
        }
    }
}
