import Kernel

/// Settings of the `libp2p` transport plugin.
public struct Libp2pConfig: Decodable, Sendable, Equatable {
    /// Address to listen on (bind explicitly; 127.0.0.1 in tests).
    public var host: String = "0.0.0.0"
    /// TCP port; 0 picks a free one.
    public var port: UInt16 = 30304
    /// The host advertised in listen multiaddrs (defaults to `host`, or 127.0.0.1 for 0.0.0.0).
    public var advertisedHost: String?
    /// Stream muxers in preference order (`/yamux/1.0.0`, `/mplex/6.7.0`).
    public var muxers: [String] = [MuxerName.yamux, MuxerName.mplex]
    /// A connection that has not finished TCP + Noise + muxer selection in this time is dropped.
    public var handshakeTimeoutSeconds: Double = 10
    /// Streams a peer may hold open on one connection; more are reset.
    public var maxStreamsPerConnection: Int = 256
    /// Largest message on a Parley protocol stream (the handler's own limit applies when smaller).
    public var maxMessageBytes: Int = 16 * 1024 * 1024
    public var agentVersion: String = "parley/0.1.0"

    public init() {}

    enum CodingKeys: String, CodingKey {
        case host, port, advertisedHost, muxers, handshakeTimeoutSeconds, maxStreamsPerConnection, maxMessageBytes, agentVersion
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Libp2pConfig()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(UInt16.self, forKey: .port) ?? d.port
        advertisedHost = try c.decodeIfPresent(String.self, forKey: .advertisedHost)
        muxers = try c.decodeIfPresent([String].self, forKey: .muxers) ?? d.muxers
        guard !muxers.isEmpty, muxers.allSatisfy(MuxerName.supported.contains) else {
            throw DecodingError.dataCorruptedError(forKey: .muxers, in: c,
                debugDescription: "muxers must list one or more of \(MuxerName.supported.joined(separator: ", "))")
        }
        handshakeTimeoutSeconds = try c.decode(Double.self, forKey: .handshakeTimeoutSeconds, default: d.handshakeTimeoutSeconds,
                                               in: 0.01...3600, unit: "seconds")
        maxStreamsPerConnection = try c.decode(Int.self, forKey: .maxStreamsPerConnection, default: d.maxStreamsPerConnection,
                                               in: 4...65_536)
        maxMessageBytes = try c.decode(Int.self, forKey: .maxMessageBytes, default: d.maxMessageBytes, in: 1024...(64 << 20), unit: "bytes")
        agentVersion = try c.decodeIfPresent(String.self, forKey: .agentVersion) ?? d.agentVersion
    }
}

/// The muxer protocol ids this transport can negotiate.
public enum MuxerName {
    public static let yamux = "/yamux/1.0.0"
    public static let mplex = "/mplex/6.7.0"
    public static let supported = [yamux, mplex]
}
