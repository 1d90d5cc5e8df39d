/// SplitMix64: a tiny seeded generator, so a simulation with the same seed drops the same payloads.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1) with 53 bits of precision.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}

/// A lossy in-memory link: each payload is dropped independently with probability `lossRate`.
public struct LossyLink: Sendable {
    public let lossRate: Double
    private var random: SeededRandom
    public private(set) var carried = 0
    public private(set) var dropped = 0

    public init(lossRate: Double, seed: UInt64) {
        self.lossRate = min(max(lossRate, 0), 1)
        self.random = SeededRandom(seed: seed)
    }

    /// Decides the fate of one payload: `true` if it arrives.
    public mutating func delivers() -> Bool {
        let arrives = random.unit() >= lossRate
        if arrives { carried += 1 } else { dropped += 1 }
        return arrives
    }
}
