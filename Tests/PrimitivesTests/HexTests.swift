import Primitives
import Testing

@Suite struct HexTests {
    @Test func encodesLowerCaseWithoutPrefix() throws {
        #expect(Hex.encode([0x00, 0xab, 0xff, 0x10]) == "00abff10")
        #expect(Hex.encode([]) == "")
    }

    @Test func decodesEitherCaseWithOptionalPrefix() throws {
        #expect(try Hex.decode("00ABff10") == [0x00, 0xab, 0xff, 0x10])
        #expect(try Hex.decode("0x0a") == [0x0a])
        #expect(try Hex.decode("0X0a") == [0x0a])
        #expect(try Hex.decode("") == [])
        #expect(try Hex.decode("0x") == [])
    }

    @Test func rejectsOddLengthAndBadCharacters() throws {
        #expect(throws: HexError.oddLength(3)) { try Hex.decode("abc") }
        #expect(throws: HexError.invalidCharacter(position: 1, character: UInt8(ascii: "g"))) { try Hex.decode("0g") }
        #expect(throws: HexError.self) { try Hex.decode("0x0x") }
        #expect(throws: HexError.self) { try Hex.decode("é0") }
        #expect("\(HexError.oddLength(3))".contains("even"))
    }

    @Test func roundTripsRandomBytes() throws {
        var rng = SeededGenerator(seed: freshSeed("hex"))
        for _ in 0..<200 {
            let bytes = rng.bytes(Int.random(in: 0..<64, using: &rng))
            #expect(try Hex.decode(Hex.encode(bytes)) == bytes)
        }
    }
}
