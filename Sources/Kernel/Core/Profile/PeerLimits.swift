/// How many peers the connection manager aims for and how many it accepts at most.
///
/// Part of a profile's `node:` section (`peers: { target: 8, max: 16 }`) because the right numbers
/// differ by role: a light node on mobile wants a few, a full node many.
public struct PeerLimits: Decodable, Sendable, Equatable {
    /// Dial until this many peers are connected; discovery is not pulled beyond it.
    public var target: Int = 8
    /// Refuse inbound connections beyond this many (static peers excepted).
    public var max: Int = 16

    public init(target: Int = 8, max: Int = 16) {
        self.target = target
        self.max = max
    }

    /// The most peers either number may name.
    public static let ceiling = 10_000

    enum CodingKeys: String, CodingKey { case target, max }

    /// When only one of the two is written, the other default adapts to it (`max: 4` alone means a
    /// target of 4, not an error about the default target of 8).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let target = try c.decodeIfPresent(Int.self, forKey: .target, in: 0...Self.ceiling)
        let max = try c.decodeIfPresent(Int.self, forKey: .max, in: 1...Self.ceiling)
        self.max = max ?? Swift.max(16, target ?? 0)
        self.target = target ?? Swift.min(8, self.max)
        if self.max < 1 {
            throw DecodingError.dataCorruptedError(forKey: .max, in: c,
                debugDescription: "expected max ≥ 1, got \(self.max); a node needs room for at least one peer")
        }
        if self.target < 0 {
            throw DecodingError.dataCorruptedError(forKey: .target, in: c,
                debugDescription: "expected target ≥ 0, got \(self.target)")
        }
        if self.target > self.max {
            throw DecodingError.dataCorruptedError(forKey: .target, in: c,
                debugDescription: "target \(self.target) is larger than max \(self.max); raise max or lower target")
        }
    }
}
