import Kernel
import Primitives

/// Settings of the `discv5` plugin (YAML keys in kebab-case).
public struct Discv5Config: Decodable, Sendable, Equatable {
    /// UDP address to bind; `announce-ip` is what the record advertises (defaults to `host`, or 127.0.0.1 for 0.0.0.0).
    public var host = "0.0.0.0"
    public var port = 9000
    public var announceIP: String?
    /// The TCP port peers dial (the devp2p listener), put in the record as `tcp`.
    public var tcpPort: Int?
    /// "discv5" (Ethereum) or "d5waku" (Waku v2 networks).
    public var protocolID = "discv5"
    /// Bootnode records as `enr:` text.
    public var bootnodes: [String] = []
    /// What this node offers, advertised under the record's `waku` key: a role and capabilities.
    public var role = "light"
    public var capabilities: [String] = []
    /// Only peers whose record advertises this role (nil: any) and all these capabilities are handed to the
    /// connection manager.
    public var requireRole: String?
    public var requireCapabilities: [String] = []
    /// Budget: most lookups and most discovery bytes (in + out) per minute.
    public var lookupsPerMinute = 6
    public var bytesPerMinute = 10_240
    /// Seconds between liveness checks of one table entry.
    public var revalidateSeconds = 30.0
    public var requestTimeoutMilliseconds = 500
    /// Run as a bootnode: answer only, never look up for peers.
    public var serveOnly = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case host, port, announceIP = "announceIp", tcpPort, protocolID = "protocolId", bootnodes, role, capabilities, requireRole,
             requireCapabilities, lookupsPerMinute, bytesPerMinute, revalidateSeconds, requestTimeoutMilliseconds, serveOnly
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Discv5Config()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decode(Int.self, forKey: .port, default: d.port, in: 0...65_535)
        announceIP = try c.decodeIfPresent(String.self, forKey: .announceIP)
        tcpPort = try c.decodeIfPresent(Int.self, forKey: .tcpPort, in: 1...65_535)
        protocolID = try c.decodeIfPresent(String.self, forKey: .protocolID) ?? d.protocolID
        if protocolID.utf8.count != 6 {
            throw DecodingError.dataCorruptedError(forKey: .protocolID, in: c,
                                                   debugDescription: "protocol-id must be 6 ASCII bytes: \"discv5\" or \"d5waku\"")
        }
        bootnodes = try c.decodeIfPresent([String].self, forKey: .bootnodes) ?? []
        for text in bootnodes where (try? NodeRecord(text: text, requireValidSignature: true)) == nil {
            throw DecodingError.dataCorruptedError(forKey: .bootnodes, in: c, debugDescription: "'\(text)' is not a valid signed enr: record")
        }
        role = try c.decodeIfPresent(String.self, forKey: .role) ?? d.role
        capabilities = try c.decodeIfPresent([String].self, forKey: .capabilities) ?? []
        requireRole = try c.decodeIfPresent(String.self, forKey: .requireRole)
        requireCapabilities = try c.decodeIfPresent([String].self, forKey: .requireCapabilities) ?? []
        lookupsPerMinute = try c.decode(Int.self, forKey: .lookupsPerMinute, default: d.lookupsPerMinute, in: 0...600)
        bytesPerMinute = try c.decode(Int.self, forKey: .bytesPerMinute, default: d.bytesPerMinute, in: 0...100_000_000)
        revalidateSeconds = try c.decode(Double.self, forKey: .revalidateSeconds, default: d.revalidateSeconds, in: 1...86_400, unit: "seconds")
        requestTimeoutMilliseconds = try c.decode(Int.self, forKey: .requestTimeoutMilliseconds, default: d.requestTimeoutMilliseconds,
                                                  in: 10...60_000)
        serveOnly = try c.decodeIfPresent(Bool.self, forKey: .serveOnly) ?? false
    }
}
