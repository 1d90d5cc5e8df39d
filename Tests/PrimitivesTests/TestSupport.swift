import Primitives

/// Hex literal → bytes for test vectors (traps on a typo in the test itself, never on tested input).
func hex(_ text: String) -> [UInt8] {
    do { return try Hex.decode(text.filter { !$0.isWhitespace }) } catch { fatalError("bad hex literal in test: \(error)") }
}

func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// SplitMix64: a small seeded generator so randomized tests can print and replay their seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// `bytes` with a few random bytes replaced, inserted or removed.
    mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...3, using: &self) {
            switch Int.random(in: 0..<4, using: &self) {
            case 0 where !out.isEmpty:
                out[Int.random(in: 0..<out.count, using: &self)] = UInt8.random(in: 0...255, using: &self)
            case 1:
                out.insert(UInt8.random(in: 0...255, using: &self), at: Int.random(in: 0...out.count, using: &self))
            case 2 where !out.isEmpty:
                out.remove(at: Int.random(in: 0..<out.count, using: &self))
            default:
                if !out.isEmpty { out.removeLast(Int.random(in: 0...min(out.count, 8), using: &self)) }
            }
        }
        return out
    }
}

/// A fresh seed for a randomized test, printed so a failure can be replayed.
func freshSeed(_ name: String) -> UInt64 {
    let seed = UInt64.random(in: 0...UInt64.max)
    print("[\(name)] seed = \(seed)")
    return seed
}
