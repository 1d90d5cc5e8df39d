import Primitives
import Testing

@Suite struct KeccakTests {
    @Test(arguments: [
        ("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        ("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"),
        ("The quick brown fox jumps over the lazy dog", "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"),
    ])
    func publishedVectors(input: String, expected: String) {
        #expect(Hex.encode(Keccak256.hash(utf8(input))) == expected)
    }

    @Test func isNotSHA3() throws {
        #expect(Hex.encode(Keccak256.hash([])) != "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
    }

    /// Go `hash.Sum` semantics: reading a digest leaves the running state untouched.
    @Test func digestDoesNotFinalize() throws {
        var hasher = Keccak256()
        hasher.update(utf8("The quick brown fox "))
        let partial = hasher.digest()
        #expect(partial == Keccak256.hash(utf8("The quick brown fox ")))
        #expect(hasher.digest() == partial)
        hasher.update(utf8("jumps over the lazy dog"))
        #expect(Hex.encode(hasher.digest()) == "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15")
    }

    /// Cross-checked with eth_hash: 200 × "a" spans the 136-byte block boundary.
    @Test func longInputAcrossBlocks() throws {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 200)
        #expect(Hex.encode(Keccak256.hash(input)) == "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d")
    }

    /// Every split of a multi-block input into updates gives the one-shot digest (buffering paths).
    @Test func incrementalEqualsOneShotForEverySplit() throws {
        var rng = SeededGenerator(seed: freshSeed("keccak-split"))
        for length in [0, 1, 135, 136, 137, 271, 272, 273, 500] {
            let input = rng.bytes(length)
            let expected = Keccak256.hash(input)
            for _ in 0..<20 {
                var hasher = Keccak256()
                var offset = 0
                while offset < input.count {
                    let step = Int.random(in: 1...(input.count - offset), using: &rng)
                    hasher.update(input[offset..<(offset + step)])
                    offset += step
                }
                #expect(hasher.digest() == expected, "length \(length)")
            }
        }
    }

    @Test func acceptsNonContiguousCollections() throws {
        let bytes = utf8("abc")
        #expect(Keccak256.hash(bytes.lazy.map { $0 }) == Keccak256.hash(bytes))
        #expect(Keccak256.hash(Set([UInt8(1)])) == Keccak256.hash([UInt8(1)]))
    }

    @Test func copiesAreIndependentSnapshots() throws {
        var first = Keccak256()
        first.update(utf8("ab"))
        var second = first
        second.update(utf8("c"))
        first.update(utf8("x"))
        #expect(second.digest() == Keccak256.hash(utf8("abc")))
        #expect(first.digest() == Keccak256.hash(utf8("abx")))
    }
}
