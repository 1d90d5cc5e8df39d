import Primitives
import Testing

@Suite struct RLPVectorTests {
    static let lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit"

    /// wire-facts §0.2 published vectors (ethereum/tests rlptest.json, Ethereum wiki).
    static let vectors: [(RLPItem, String)] = [
        (.bytes([]), "80"),
        ("dog", "83646f67"),
        (.list([]), "c0"),
        (["cat", "dog"], "c88363617483646f67"),
        (.uint(0), "80"),
        (.uint(15), "0f"),
        (.uint(1024), "820400"),
        ([[], [[]], [[], [[]]]], "c7c0c1c0c3c0c1c0"),
        (.string(lorem), "b8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974"),
    ]

    @Test func encodesPublishedVectors() throws {
        for (item, expected) in Self.vectors {
            #expect(Hex.encode(RLP.encode(item)) == expected, "\(item)")
            #expect(RLP.encodedLength(item) == expected.count / 2)
        }
    }

    @Test func decodesPublishedVectors() throws {
        for (item, encoded) in Self.vectors {
            #expect(try RLP.decode(hex(encoded)) == item)
        }
        #expect(try RLP.decode(hex("820400")).asUInt64() == 1024)
        #expect(try RLP.decode(hex("0f")).asUInt64() == 15)
        #expect(try RLP.decode(hex("80")).asUInt64() == 0)
        #expect(try RLP.decode(hex("83646f67")).asString() == "dog")
    }

    @Test func goBoolAndMsgIDs() throws {
        #expect(RLP.encode(.bool(true)) == [0x01])
        #expect(RLP.encode(.bool(false)) == [0x80])
        #expect(try RLPItem.bytes([1]).asBool() == true)
        #expect(throws: RLPError.invalidBool) { try RLPItem.bytes([2]).asBool() }
        #expect(RLP.encode(.uint(143)) == [0x81, 0x8f])
        #expect(RLP.encode(.uint(127)) == [0x7f])
        #expect(RLP.encode(.uint(UInt64.max)) == [0x88] + [UInt8](repeating: 0xff, count: 8))
    }

    @Test func longListsAndStrings() throws {
        let long = RLPItem.bytes([UInt8](repeating: 0xaa, count: 1024))
        let encoded = RLP.encode(long)
        #expect(Array(encoded.prefix(3)) == [0xb9, 0x04, 0x00])
        #expect(try RLP.decode(encoded) == long)
        let list = RLPItem.list(Array(repeating: "dog", count: 20)) // 80-byte payload
        let listEncoded = RLP.encode(list)
        #expect(Array(listEncoded.prefix(2)) == [0xf8, 80])
        #expect(try RLP.decode(listEncoded) == list)
    }

    @Test func appendHelpersMatchEncode() throws {
        var out: [UInt8] = []
        RLP.appendUInt(1024, to: &out)
        RLP.appendBytes(utf8("dog"), to: &out)
        #expect(out == hex("820400") + hex("83646f67"))
        #expect(RLP.encodeList(ofEncoded: [RLP.encode("cat"), RLP.encode("dog")]) == hex("c88363617483646f67"))
        var listOut: [UInt8] = []
        RLP.appendListHeader(payloadLength: 8, to: &listOut)
        #expect(listOut == [0xc8])
    }

    @Test func lenientDecodingToleratesTrailingBytes() throws {
        let bytes = hex("c88363617483646f67") + [0, 0, 0]
        #expect(throws: RLPError.trailingBytes(3)) { try RLP.decode(bytes) }
        #expect(try RLP.decode(bytes, strict: false) == ["cat", "dog"])
        let (item, consumed) = try RLP.decodePrefix(bytes)
        #expect(item == ["cat", "dog"])
        #expect(consumed == 9)
    }

    @Test func splitListKeepsRawElements() throws {
        #expect(try RLP.splitList(hex("c88363617483646f67")) == [hex("83636174"), hex("83646f67")])
        #expect(throws: RLPError.expectedList) { try RLP.splitList(hex("83646f67")) }
    }

    @Test func accessorsCheckShape() throws {
        #expect(throws: RLPError.expectedList) { try RLPItem.bytes([1]).asList() }
        #expect(throws: RLPError.expectedBytes) { try RLPItem.list([]).asBytes() }
        #expect(throws: RLPError.integerLeadingZero) { try RLPItem.bytes([0, 1]).asUInt64() }
        #expect(throws: RLPError.integerLeadingZero) { try RLPItem.bytes([0]).asUInt64() }
        #expect(throws: RLPError.integerTooLarge(byteCount: 9, maxBytes: 8)) { try RLPItem.bytes([1, 0, 0, 0, 0, 0, 0, 0, 0]).asUInt64() }
        #expect(try RLPItem.bytes([0xff, 0xff]).asUInt(UInt16.self) == 0xffff)
        #expect(throws: RLPError.self) { try RLPItem.bytes([1, 0, 0]).asUInt(UInt16.self) }
        #expect(throws: RLPError.invalidUTF8) { try RLPItem.bytes([0xff, 0xfe]).asString() }
        #expect(throws: RLPError.wrongLength(expected: 4, actual: 3)) { try RLPItem.bytes([1, 2, 3]).asBytes(count: 4) }
        #expect(RLPItem.uint(bigEndian: [0, 0, 4, 0]) == .uint(1024))
        let pair: RLPItem = ["cat", "dog"]
        #expect(try pair.element(1) == "dog")
        #expect(throws: RLPError.missingElement(index: 2)) { try pair.element(2) }
        #expect(throws: RLPError.missingElement(index: -1)) { try pair.element(-1) }
        #expect(throws: RLPError.expectedList) { try RLPItem.bytes([]).element(0) }
    }
}

@Suite struct RLPMalformedTests {
    @Test func emptyInput() throws {
        #expect(throws: RLPError.truncated(needed: 1, available: 0)) { try RLP.decode([UInt8]()) }
    }

    @Test func truncatedString() throws {
        #expect(throws: RLPError.truncated(needed: 3, available: 2)) { try RLP.decode(hex("83646f")) }
        #expect(throws: RLPError.self) { try RLP.decode(hex("b838") + [UInt8](repeating: 0x61, count: 10)) }
    }

    @Test func truncatedLongLength() throws {
        #expect(throws: RLPError.self) { try RLP.decode(hex("b9")) }
        #expect(throws: RLPError.self) { try RLP.decode(hex("f9ff")) }
    }

    @Test func lengthOverflow() throws {
        #expect(throws: RLPError.lengthOverflow) { try RLP.decode(hex("bfffffffffffffffff")) }
        #expect(throws: RLPError.lengthOverflow) { try RLP.decode(hex("ffffffffffffffffff")) }
        #expect(throws: RLPError.lengthOverflow) { try RLP.decode(hex("bf7fffffffffffffff00")) }
    }

    @Test func nonCanonicalSize() throws {
        // "dog" with a long-form prefix.
        #expect(throws: RLPError.nonCanonicalSize(3)) { try RLP.decode(hex("b803646f67")) }
        #expect(throws: RLPError.nonCanonicalSize(1)) { try RLP.decode(hex("f801c0")) }
    }

    @Test func leadingZeroInLength() throws {
        #expect(throws: RLPError.leadingZeroInLength) { try RLP.decode(hex("b90038") + [UInt8](repeating: 0x61, count: 56)) }
        #expect(throws: RLPError.leadingZeroInLength) { try RLP.decode(hex("f90038") + [UInt8](repeating: 0x01, count: 56)) }
    }

    @Test func singleByteWrapped() throws {
        #expect(throws: RLPError.nonCanonicalSingleByte(0x05)) { try RLP.decode(hex("8105")) }
        #expect(throws: RLPError.nonCanonicalSingleByte(0x00)) { try RLP.decode(hex("8100")) }
        #expect(try RLP.decode(hex("8180")) == .bytes([0x80]))
    }

    @Test func trailingBytes() throws {
        #expect(throws: RLPError.trailingBytes(1)) { try RLP.decode(hex("8000")) }
    }

    @Test func listElementOverrunsList() throws {
        // List says 2 payload bytes but its element "dog" needs 4; more bytes follow in the buffer.
        #expect(throws: RLPError.listElementOverrun(listEnd: 3, elementEnd: 5)) { try RLP.decode(hex("c283646f67"), strict: false) }
    }

    @Test func listPayloadTruncated() throws {
        #expect(throws: RLPError.truncated(needed: 8, available: 4)) { try RLP.decode(hex("c883636174")) }
    }

    static func nestedLists(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = [0xc0]
        for _ in 1..<count {
            var header: [UInt8] = []
            RLP.appendListHeader(payloadLength: bytes.count, to: &header)
            bytes = header + bytes
        }
        return bytes
    }

    @Test func depthLimit() throws {
        #expect(throws: RLPError.depthLimitExceeded(limit: RLP.maxDepth)) { try RLP.decode(Self.nestedLists(RLP.maxDepth + 1)) }
        #expect(throws: RLPError.depthLimitExceeded(limit: RLP.maxDepth)) { try RLP.decode(Self.nestedLists(3000)) }
        var ok: RLPItem = .list([])
        for _ in 1..<RLP.maxDepth { ok = .list([ok]) }
        #expect(try RLP.decode(Self.nestedLists(RLP.maxDepth)) == ok)
    }

    @Test func errorsDescribeThemselves() throws {
        let errors: [RLPError] = [.emptyInput, .truncated(needed: 3, available: 1), .lengthOverflow, .nonCanonicalSize(3),
                                  .leadingZeroInLength, .nonCanonicalSingleByte(1), .trailingBytes(2), .depthLimitExceeded(limit: 64),
                                  .listElementOverrun(listEnd: 1, elementEnd: 2), .expectedBytes, .expectedList,
                                  .wrongLength(expected: 1, actual: 2), .integerLeadingZero, .integerTooLarge(byteCount: 9, maxBytes: 8),
                                  .invalidBool, .invalidUTF8, .missingElement(index: 2)]
        for error in errors { #expect(!error.description.isEmpty) }
    }
}

@Suite struct RLPRandomTests {
    static func randomItem(_ rng: inout SeededGenerator, depth: Int = 0) -> RLPItem {
        if depth < 4 && Int.random(in: 0..<3, using: &rng) == 0 {
            return .list((0..<Int.random(in: 0..<6, using: &rng)).map { _ in randomItem(&rng, depth: depth + 1) })
        }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return .bytes([UInt8.random(in: 0...255, using: &rng)])
        case 1: return .uint(UInt64.random(in: 0...UInt64.max, using: &rng) >> UInt64.random(in: 0...63, using: &rng))
        case 2: return .bytes(rng.bytes(Int.random(in: 50...70, using: &rng)))
        default: return .bytes(rng.bytes(Int.random(in: 0..<20, using: &rng)))
        }
    }

    @Test func roundTripsRandomTrees() throws {
        var rng = SeededGenerator(seed: freshSeed("rlp-roundtrip"))
        for _ in 0..<500 {
            let item = Self.randomItem(&rng)
            let encoded = RLP.encode(item)
            #expect(encoded.count == RLP.encodedLength(item))
            #expect(try RLP.decode(encoded) == item)
        }
    }

    /// Decoding random and mutated bytes either throws an RLPError or yields an item that
    /// re-encodes to exactly the consumed bytes (canonical); it never traps.
    @Test func neverTrapsOnGarbage() throws {
        let seed = freshSeed("rlp-garbage")
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<3000 {
            let input: [UInt8]
            if iteration % 2 == 0 {
                input = rng.bytes(Int.random(in: 0..<48, using: &rng))
            } else {
                input = rng.mutate(RLP.encode(Self.randomItem(&rng)))
            }
            do {
                let (item, consumed) = try RLP.decodePrefix(input)
                #expect(RLP.encode(item) == Array(input[0..<consumed]), "seed \(seed) input \(Hex.encode(input))")
            } catch {
                #expect(error is RLPError, "seed \(seed)")
            }
        }
    }
}
