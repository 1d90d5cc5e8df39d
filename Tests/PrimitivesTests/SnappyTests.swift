import Primitives
import Testing

@Suite struct SnappyTests {
    /// wire-facts §1.4: Ping payload `c0` ↔ snappy `01 00 c0`.
    @Test func pingPayload() throws {
        #expect(try Snappy.decompress([0x01, 0x00, 0xc0]) == [0xc0])
        #expect(try Snappy.decompress(Snappy.compress([0xc0])) == [0xc0])
    }

    @Test func roundTrips() throws {
        var rng = SeededGenerator(seed: freshSeed("snappy-roundtrip"))
        for length in [0, 1, 100, 4096, 100_000] {
            let random = rng.bytes(length)
            #expect(try Snappy.decompress(Snappy.compress(random)) == random)
            let repetitive = [UInt8](repeating: 0x61, count: length)
            let compressed = Snappy.compress(repetitive)
            if length >= 100 { #expect(compressed.count < length / 4) }
            #expect(try Snappy.decompress(compressed) == repetitive)
            #expect(try Snappy.decodedLength(compressed) == length)
        }
    }

    /// A varint header claiming 4 GiB: rejected before allocating anything.
    @Test func snappyBombRejectedBeforeAllocation() throws {
        let bomb = UVarint.encode(UInt64(UInt32.max)) + [0x00, 0x61]
        #expect(throws: SnappyError.tooLarge(claimed: Int(UInt32.max), limit: Snappy.maxDecodedLength)) { try Snappy.decompress(bomb) }
        // Just over the devp2p cap.
        let justOver = Snappy.compress([UInt8](repeating: 0, count: Snappy.maxDecodedLength + 1))
        #expect(throws: SnappyError.tooLarge(claimed: Snappy.maxDecodedLength + 1, limit: Snappy.maxDecodedLength)) { try Snappy.decompress(justOver) }
        // A caller-chosen smaller cap.
        #expect(throws: SnappyError.tooLarge(claimed: 100, limit: 99)) { try Snappy.decompress(Snappy.compress([UInt8](repeating: 1, count: 100)), maxLength: 99) }
    }

    @Test func rejectsGarbage() throws {
        #expect(throws: SnappyError.emptyInput) { try Snappy.decompress([]) }
        #expect(throws: SnappyError.invalidInput) { try Snappy.decompress([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) }
        #expect(throws: SnappyError.invalidInput) { try Snappy.decompress([0x05, 0x00, 0x61]) } // claims 5, holds 1
        #expect(throws: SnappyError.invalidInput) { try Snappy.decompress([0x00, 0x00]) } // empty with trailing junk
        #expect(try Snappy.decompress([0x00]) == [])
        // The snappy *framing* format's stream identifier is not a block.
        #expect(throws: SnappyError.self) { try Snappy.decompress(hex("ff060000734e61507059")) }
    }

    @Test func neverTrapsOnGarbage() throws {
        let seed = freshSeed("snappy-garbage")
        var rng = SeededGenerator(seed: seed)
        let valid = Snappy.compress(Array("the quick brown fox jumps over the lazy dog, the quick brown fox".utf8))
        for iteration in 0..<2000 {
            let input = iteration % 2 == 0 ? rng.bytes(Int.random(in: 0..<40, using: &rng)) : rng.mutate(valid)
            do {
                let output = try Snappy.decompress(input, maxLength: 1 << 16)
                #expect(output.count <= 1 << 16, "seed \(seed)")
            } catch {
                #expect(error is SnappyError, "seed \(seed)")
            }
        }
    }
}
