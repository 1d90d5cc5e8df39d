/// The `node:` section of a profile: settings of the node itself rather than of any plugin.
///
/// Decoded (and validated) when the profile loads, so a typo in `log-level` is reported with its
/// file and line before anything starts.
public struct NodeSettings: Decodable, Sendable, Equatable {
    /// The levels `log-level` accepts, most verbose first.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Where keys, databases and the control socket live; nil means the CLI's default.
    public var dataDir: String?
    /// One of `logLevels`.
    public var logLevel: String = "info"
    public var peers: PeerLimits = PeerLimits()
    /// How long a stopping plugin may take before it is cancelled.
    public var gracePeriodSeconds: Double = 5
    /// Path of the control socket; nil means `<data-dir>/control.sock`.
    public var controlSocket: String?

    public init() {}

    enum CodingKeys: String, CodingKey { case dataDir, logLevel, peers, gracePeriodSeconds, controlSocket }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dataDir = try c.decodeIfPresent(String.self, forKey: .dataDir)
        logLevel = try c.decodeIfPresent(String.self, forKey: .logLevel) ?? "info"
        peers = try c.decodeIfPresent(PeerLimits.self, forKey: .peers) ?? PeerLimits()
        gracePeriodSeconds = try c.decode(Double.self, forKey: .gracePeriodSeconds, default: 5, in: 0...3600, unit: "seconds")
        controlSocket = try c.decodeIfPresent(String.self, forKey: .controlSocket)
        guard Self.logLevels.contains(logLevel) else {
            let hint = NameSuggestions.didYouMean(NameSuggestions.nearest(to: logLevel, among: Self.logLevels))
            throw DecodingError.dataCorruptedError(forKey: .logLevel, in: c, debugDescription:
                "expected one of \(Self.logLevels.joined(separator: ", ")); got \(ConfigValue.scalar(logLevel).kindDescription)\(hint)")
        }
        guard gracePeriodSeconds.isFinite, gracePeriodSeconds >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .gracePeriodSeconds, in: c,
                debugDescription: "expected a number of seconds ≥ 0, got \(gracePeriodSeconds)")
        }
    }
}
