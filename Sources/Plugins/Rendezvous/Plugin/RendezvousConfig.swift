import Kernel

/// Settings of the `rendezvous` plugin (YAML keys in kebab-case). A node is a client when `servers` is
/// non-empty, a rendezvous point when `serve` is true, or both.
public struct RendezvousConfig: Decodable, Sendable, Equatable {
    /// Rendezvous servers: `/ip4/…/tcp/…/ethv4/<peer id>` (Status fleet form) or `/…/p2p/<peer id>`.
    public var servers: [PeerAddress] = []
    /// Act as a rendezvous point (answer REGISTER / DISCOVER).
    public var serve = false
    public var schedule = RendClientSchedule()
    public var rules = RendServerRules()
    /// A served stream idle this long is closed.
    public var idleTimeoutSeconds = 30.0
    /// The IPv4 address put in this node's record (`ip`).
    public var announceIP = "127.0.0.1"
    /// The TCP port put in the record; nil: the listen port of the `dial` transport.
    public var tcpPort: Int?
    /// How found records are dialled: `multiaddr` (libp2p, `/ip4/ip/tcp/port/p2p/<id of secp256k1>`) or `enode` (devp2p).
    public var dial = "multiaddr"
    /// Which protocol the client speaks to `servers` (`protocol:`): Status `/rend/0.1.0` or libp2p `/rendezvous/1.0.0`.
    /// A rendezvous point (`serve: true`) answers both whatever this says.
    public var flavour = RendezvousFlavour.rend
    /// `/rendezvous/1.0.0` only (`peer-record:`): register a signed peer record (the spec) or unsigned `PeerInfo`
    /// (what py-libp2p 0.8.1 points understand).
    public var signedPeerRecord = true

    public init() {}

    enum CodingKeys: String, CodingKey {
        case servers, serve, topics, register, ttlSeconds, reregisterSeconds, discoverLimit, requestTimeoutSeconds,
             discoversPerMinute, bytesPerMinute, maxTtlSeconds, maxLimit, maxRecords, maxRegistrationsPerPeer, requestsPerSecond,
             idleTimeoutSeconds, announceIP = "announceIp", tcpPort, dial, flavour = "protocol", peerRecord
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RendezvousConfig()
        servers = try c.decodeIfPresent([PeerAddress].self, forKey: .servers) ?? []
        for server in servers where server.scheme != "multiaddr" || server.peerID == nil {
            throw DecodingError.dataCorruptedError(forKey: .servers, in: c,
                debugDescription: "'\(server)' must be a libp2p multiaddr with a peer id: /ip4/<ip>/tcp/<port>/ethv4/<peer id> or …/p2p/<peer id>")
        }
        serve = try c.decodeIfPresent(Bool.self, forKey: .serve) ?? false
        var s = d.schedule
        s.topics = try c.decodeIfPresent([String].self, forKey: .topics) ?? s.topics
        for topic in s.topics where !RendRegistry.validTopic(Array(topic.utf8), maximum: 50) {
            throw DecodingError.dataCorruptedError(forKey: .topics, in: c, debugDescription: "topic '\(topic)' must be 1…50 bytes")
        }
        s.register = try c.decodeIfPresent(Bool.self, forKey: .register) ?? s.register
        s.ttl = .milliseconds(Int64(try c.decode(Double.self, forKey: .ttlSeconds, default: 10, in: 0.001...72 * 3600, unit: "seconds") * 1000))
        s.reregisterEvery = .milliseconds(Int64(try c.decode(Double.self, forKey: .reregisterSeconds, default: 5, in: 0.01...3600,
                                                             unit: "seconds") * 1000))
        s.discoverLimit = try c.decode(UInt64.self, forKey: .discoverLimit, default: 10, in: 1...1000)
        s.requestTimeout = .milliseconds(Int64(try c.decode(Double.self, forKey: .requestTimeoutSeconds, default: 5, in: 0.01...600,
                                                            unit: "seconds") * 1000))
        s.discoversPerMinute = try c.decode(Int.self, forKey: .discoversPerMinute, default: s.discoversPerMinute, in: 0...6000)
        s.bytesPerMinute = try c.decode(Int.self, forKey: .bytesPerMinute, default: s.bytesPerMinute, in: 0...100_000_000, unit: "bytes")
        schedule = s
        var r = d.rules
        r.maximumTTLNanoseconds = UInt64(try c.decode(Double.self, forKey: .maxTtlSeconds, default: 20, in: 0.001...72 * 3600,
                                                      unit: "seconds") * 1e9)
        r.maximumLimit = try c.decode(UInt64.self, forKey: .maxLimit, default: r.maximumLimit, in: 1...1000)
        r.maximumRecords = try c.decode(Int.self, forKey: .maxRecords, default: r.maximumRecords, in: 1...10_000_000)
        r.maximumRegistrationsPerPeer = try c.decode(Int.self, forKey: .maxRegistrationsPerPeer, default: r.maximumRegistrationsPerPeer,
                                                     in: 1...100_000)
        r.requestsPerSecond = try c.decode(Int.self, forKey: .requestsPerSecond, default: r.requestsPerSecond, in: 1...100_000)
        rules = r
        idleTimeoutSeconds = try c.decode(Double.self, forKey: .idleTimeoutSeconds, default: d.idleTimeoutSeconds, in: 0.01...86_400,
                                          unit: "seconds")
        announceIP = try c.decodeIfPresent(String.self, forKey: .announceIP) ?? d.announceIP
        let octets = announceIP.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) else {
            throw DecodingError.dataCorruptedError(forKey: .announceIP, in: c, debugDescription: "announce-ip must be an IPv4 address")
        }
        tcpPort = try c.decodeIfPresent(Int.self, forKey: .tcpPort, in: 1...65_535)
        dial = try c.decodeIfPresent(String.self, forKey: .dial) ?? d.dial
        guard ["multiaddr", "enode"].contains(dial) else {
            throw DecodingError.dataCorruptedError(forKey: .dial, in: c, debugDescription: "dial must be multiaddr or enode")
        }
        if let name = try c.decodeIfPresent(String.self, forKey: .flavour) {
            guard let value = RendezvousFlavour(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .flavour, in: c,
                    debugDescription: "protocol must be rend (Status /rend/0.1.0) or rendezvous (libp2p /rendezvous/1.0.0)")
            }
            flavour = value
        }
        switch try c.decodeIfPresent(String.self, forKey: .peerRecord) ?? "signed" {
        case "signed": signedPeerRecord = true
        case "unsigned": signedPeerRecord = false
        default: throw DecodingError.dataCorruptedError(forKey: .peerRecord, in: c, debugDescription: "peer-record must be signed or unsigned")
        }
        if flavour == .rendezvous, dial != "multiaddr" {
            throw DecodingError.dataCorruptedError(forKey: .dial, in: c, debugDescription: "protocol rendezvous finds libp2p peers: dial must be multiaddr")
        }
    }
}

/// The rendezvous protocol a client speaks.
public enum RendezvousFlavour: String, Sendable, Equatable, CaseIterable {
    /// Status `/rend/0.1.0` (status-im/rendezvous): ENRs, TTL ≤ 20 s.
    case rend
    /// libp2p `/rendezvous/1.0.0` (libp2p/specs rendezvous): namespaces, peer records, TTL up to 72 h.
    case rendezvous
}
