import Kernel

/// Settings of the `api` plugin (YAML keys in kebab-case).
///
/// It listens on loopback by default. Binding any other address needs a bearer `token`: the
/// profile is refused otherwise (`parley profile check` says so), so a node is never reachable
/// from the network without authentication by a typo.
public struct ApiConfig: Decodable, Sendable, Equatable {
    /// The address to bind (`127.0.0.1`, `::1`, `localhost`, or any other with a `token`).
    public var host = "127.0.0.1"
    /// The TCP port; 0 picks a free one (written to `<data-dir>/plugins/api/endpoint`).
    public var port: UInt16 = 8545
    /// Required in `Authorization: Bearer <token>` on every request when set.
    public var token: String?
    /// Largest request body accepted; a bigger one is answered 413 with a JSON-RPC error.
    public var maxBodyBytes = 1 << 20
    /// Most requests in one JSON-RPC batch.
    public var maxBatch = 100
    /// Serve `/metrics` (Prometheus text format).
    public var metrics = true
    /// A connection that sends nothing for this long is closed (slow or stalled clients hold no slot).
    public var idleTimeoutSeconds = 30

    public init() {}

    enum CodingKeys: String, CodingKey { case host, port, token, maxBodyBytes, maxBatch, metrics, idleTimeoutSeconds }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ApiConfig()
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(UInt16.self, forKey: .port) ?? d.port
        token = try c.decodeIfPresent(String.self, forKey: .token)
        maxBodyBytes = try c.decode(Int.self, forKey: .maxBodyBytes, default: d.maxBodyBytes, in: 1024...(64 << 20), unit: "bytes")
        maxBatch = try c.decode(Int.self, forKey: .maxBatch, default: d.maxBatch, in: 1...10_000, unit: "requests")
        metrics = try c.decodeIfPresent(Bool.self, forKey: .metrics) ?? d.metrics
        idleTimeoutSeconds = try c.decode(Int.self, forKey: .idleTimeoutSeconds, default: d.idleTimeoutSeconds, in: 1...3600, unit: "seconds")
        if let token, token.count < 16 {
            throw DecodingError.dataCorruptedError(forKey: .token, in: c, debugDescription:
                "api.token must be at least 16 characters (e.g. `openssl rand -hex 16`)")
        }
        if !Self.isLoopback(host), token == nil {
            throw DecodingError.dataCorruptedError(forKey: .host, in: c, debugDescription:
                "api.host \(host) is not a loopback address: set api.token too (clients then send `Authorization: Bearer <token>`), or bind 127.0.0.1")
        }
    }

    /// True for addresses only this machine can reach.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
