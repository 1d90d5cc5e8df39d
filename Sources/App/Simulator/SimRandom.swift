/// The simulation's only randomness: SplitMix64 from the scenario's seed, so a run is repeatable.
public struct SimRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SimRandom.mix(state)
    }

    /// A uniform double in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An exponential wait with the given mean (Poisson arrivals).
    public mutating func exponential(mean: Double) -> Double { -mean * log1p(-unit()) }

    /// The SplitMix64 finaliser: a good 64-bit mix, used to hash message fates.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from a hash.
    public static func unit(_ hash: UInt64) -> Double { Double(hash >> 11) / Double(1 << 53) }
}

import Foundation
