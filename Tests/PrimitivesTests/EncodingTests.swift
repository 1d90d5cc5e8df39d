import Primitives
import Testing

@Suite struct Base58Tests {
    /// Bitcoin Core base58_encode_decode.json.
    static let vectors: [(String, String)] = [
        ("", ""), ("61", "2g"), ("626262", "a3gV"), ("636363", "aPEr"),
        ("73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"),
        ("00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"),
        ("516b6fcd0f", "ABnLTmg"), ("bf4f89001e670274dd", "3SEo3LWLoPntC"), ("572e4794", "3EFU7m"),
        ("ecac89cad93923c02321", "EJDM8drfXA6uyA"), ("10c8511e", "Rt5zm"), ("00000000000000000000", "1111111111"),
    ]

    @Test func bitcoinVectors() throws {
        for (bytes, text) in Self.vectors {
            #expect(Base58.encode(hex(bytes)) == text)
            #expect(try Base58.decode(text) == hex(bytes))
        }
    }

    @Test func rejectsCharactersOutsideTheAlphabet() throws {
        for bad in ["0", "O", "I", "l", "abc+", " ", "é"] {
            #expect(throws: Base58Error.self) { try Base58.decode(bad) }
        }
        #expect(throws: Base58Error.invalidCharacter(position: 2, character: UInt8(ascii: "0"))) { try Base58.decode("ab0") }
    }

    @Test func roundTripsRandomBytes() throws {
        var rng = SeededGenerator(seed: freshSeed("base58"))
        for _ in 0..<300 {
            let bytes = [UInt8](repeating: 0, count: Int.random(in: 0..<3, using: &rng)) + rng.bytes(Int.random(in: 0..<40, using: &rng))
            #expect(try Base58.decode(Base58.encode(bytes)) == bytes)
        }
    }
}

@Suite struct Base64URLTests {
    /// RFC 4648 §10, unpadded.
    @Test func rfc4648Vectors() throws {
        let vectors = [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(utf8(plain)) == encoded)
            #expect(try Base64URL.decode(encoded) == utf8(plain))
        }
        #expect(try Base64URL.decode("Zg==") == utf8("f"))
        #expect(try Base64URL.decode("Zm8=") == utf8("fo"))
    }

    @Test func urlSafeAlphabet() throws {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(try Base64URL.decode("-_8") == [0xfb, 0xff])
    }

    @Test func rejectsInvalidInput() throws {
        #expect(throws: Base64URLError.invalidCharacter(position: 0, character: UInt8(ascii: "+"))) { try Base64URL.decode("+_8") }
        #expect(throws: Base64URLError.invalidCharacter(position: 1, character: UInt8(ascii: "/"))) { try Base64URL.decode("-/8") }
        #expect(throws: Base64URLError.self) { try Base64URL.decode("Zm 9v") }
        #expect(throws: Base64URLError.invalidLength(5)) { try Base64URL.decode("Zm9vY") }
        #expect(throws: Base64URLError.invalidPadding) { try Base64URL.decode("Zg=") }
        #expect(throws: Base64URLError.self) { try Base64URL.decode("Z=g") }
    }

    @Test func neverTrapsOnGarbage() throws {
        let seed = freshSeed("base64url-garbage")
        var rng = SeededGenerator(seed: seed)
        let alphabet = Array("ABCxyz019-_=+/ .".utf8)
        for _ in 0..<2000 {
            let text = String(decoding: (0..<Int.random(in: 0..<20, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self)
            do {
                let bytes = try Base64URL.decode(text)
                #expect(bytes.count <= text.count, "seed \(seed)")
            } catch {
                #expect(error is Base64URLError, "seed \(seed)")
            }
        }
    }
}

@Suite struct UVarintTests {
    @Test func multiformatsExamples() throws {
        let vectors: [(UInt64, String)] = [(0, "00"), (1, "01"), (127, "7f"), (128, "8001"), (255, "ff01"), (300, "ac02"),
                                           (16384, "808001"), (0xe7, "e701"), (UInt64.max, "ffffffffffffffffff01")]
        for (value, encoded) in vectors {
            #expect(Hex.encode(UVarint.encode(value)) == encoded)
            let decoded = try UVarint.decode(hex(encoded) + [0xaa])
            #expect(decoded.value == value && decoded.consumed == encoded.count / 2)
        }
    }

    @Test func rejectsMalformed() throws {
        #expect(throws: UVarintError.truncated) { try UVarint.decode([UInt8]()) }
        #expect(throws: UVarintError.truncated) { try UVarint.decode([0x80]) }
        #expect(throws: UVarintError.nonMinimal) { try UVarint.decode([0x81, 0x00]) }
        #expect(try UVarint.decode([0x81, 0x00], minimal: false).value == 1)
        #expect(throws: UVarintError.overflow) { try UVarint.decode(hex("ffffffffffffffffff02")) }
        #expect(throws: UVarintError.overflow) { try UVarint.decode([UInt8](repeating: 0x80, count: 10) + [0x01]) }
    }

    @Test func neverTrapsOnGarbage() throws {
        var rng = SeededGenerator(seed: freshSeed("uvarint-garbage"))
        for _ in 0..<2000 {
            let bytes = rng.bytes(Int.random(in: 0..<12, using: &rng)).map { Bool.random(using: &rng) ? $0 | 0x80 : $0 }
            if let (value, consumed) = try? UVarint.decode(bytes) {
                #expect(UVarint.encode(value) == Array(bytes.prefix(consumed)))
            }
        }
    }
}

@Suite struct MultibaseTests {
    /// wire-facts §6.4 (status-go api/multiformat TestSerializeLegacyKey).
    @Test func zq3PublishedVector() throws {
        let key = try PublicKey(bytes: hex("04deaafa03e3a646e54a36ec3f6968c1d3686847d88420f00c0ab6ee517ee1893398fca28aacd2af74f2654738c21d10bad3d88dc64201ebe0de5cf1e313970d3d"))
        #expect(Multibase.zq3(key) == "zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1C")
        #expect(try Multibase.parseZQ3("zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1C") == key)
    }

    @Test func rejectsMalformed() throws {
        let key = PrivateKey.generate().publicKey
        #expect(throws: MultibaseError.self) { try Multibase.parseZQ3("f" + Hex.encode(key.compressed)) }
        #expect(throws: MultibaseError.unexpectedCodec(0xed)) { try Multibase.parseZQ3("z" + Base58.encode([0xed, 0x01] + key.compressed)) }
        #expect(throws: MultibaseError.invalidKeyLength(65)) { try Multibase.parseZQ3("z" + Base58.encode([0xe7, 0x01] + key.uncompressed)) }
        #expect(throws: Base58Error.self) { try Multibase.parseZQ3("z0OIl") }
        #expect(throws: Secp256k1Error.self) { try Multibase.parseZQ3("z" + Base58.encode([0xe7, 0x01, 0x02] + [UInt8](repeating: 0xff, count: 32))) }
        #expect(throws: (any Error).self) { try Multibase.parseZQ3("") }
        #expect(throws: MultibaseError.tooLong(201)) { try Multibase.parseZQ3("z" + String(repeating: "2", count: 200)) }
    }
}
