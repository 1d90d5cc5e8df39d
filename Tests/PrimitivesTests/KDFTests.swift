import Primitives
import Testing

@Suite struct KDFTests {
    /// RFC 5869 A.1.
    @Test func hkdfRFC5869() throws {
        let ikm = [UInt8](repeating: 0x0b, count: 22)
        let salt = [UInt8](0x00...0x0c)
        let info = [UInt8](0xf0...0xf9)
        #expect(Hex.encode(KDF.hkdfExtractSHA256(ikm: ikm, salt: salt)) == "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5")
        let okm = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        #expect(Hex.encode(KDF.hkdfSHA256(ikm: ikm, salt: salt, info: info, outputLength: 42)) == okm)
        let prk = KDF.hkdfExtractSHA256(ikm: ikm, salt: salt)
        #expect(Hex.encode(KDF.hkdfExpandSHA256(prk: prk, info: info, outputLength: 42)) == okm)
    }

    /// RFC 7914 §11.
    @Test func pbkdf2SHA256RFC7914() throws {
        let key = try KDF.pbkdf2SHA256(password: utf8("passwd"), salt: utf8("salt"), iterations: 1, length: 64)
        #expect(Hex.encode(key) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    }

    /// BIP-39 (trezor vectors): "abandon ×11 about", passphrase "TREZOR".
    @Test func pbkdf2SHA512BIP39() throws {
        let mnemonic = Array(repeating: "abandon", count: 11).joined(separator: " ") + " about"
        let seed = try KDF.pbkdf2SHA512(password: utf8(mnemonic), salt: utf8("mnemonicTREZOR"), iterations: 2048, length: 64)
        #expect(Hex.encode(seed) == "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04")
    }

    /// The Waku password path (empty salt, 65 356 iterations) has no published vector; this value was
    /// cross-checked with Python's hashlib.pbkdf2_hmac.
    @Test func pbkdf2WakuParameters() throws {
        let key = try KDF.pbkdf2SHA256(password: utf8("status"), salt: [], iterations: 65356, length: 32)
        #expect(Hex.encode(key) == "36224048e42c49e5c59c57bba5024fbb8822d6b4ee6ac5fbefd8b77f5323ecc4")
    }

    @Test func pbkdf2RejectsBadParameters() throws {
        #expect(throws: KDFError.invalidIterations(0)) { try KDF.pbkdf2SHA256(password: [1], salt: [], iterations: 0, length: 32) }
        #expect(throws: KDFError.invalidOutputLength(0)) { try KDF.pbkdf2SHA512(password: [1], salt: [], iterations: 1, length: 0) }
    }

    /// RFC 4231 test case 2.
    @Test func hmacRFC4231() throws {
        let mac = KDF.hmacSHA256(key: utf8("Jefe"), data: utf8("what do ya want for nothing?"))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func concatKDFCounterBlocks() throws {
        let z = [UInt8](repeating: 7, count: 32)
        let long = KDF.concatKDFSHA256(z: z, s1: [1], length: 70)
        #expect(long.count == 70)
        #expect(Array(long[0..<32]) == SHA2.sha256([0, 0, 0, 1] + z + [1]))
        #expect(Array(long[32..<64]) == SHA2.sha256([0, 0, 0, 2] + z + [1]))
        #expect(Array(long[64..<70]) == Array(SHA2.sha256([0, 0, 0, 3] + z + [1]).prefix(6)))
    }

    @Test func sha2() throws {
        #expect(Hex.encode(SHA2.sha256(utf8("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(SHA2.sha512(utf8("abc"))).hasPrefix("ddaf35a193617abacc417349ae204131"))
    }
}

@Suite struct AESTests {
    /// NIST SP 800-38A F.5.1 CTR-AES128.Encrypt.
    static let key = hex("2b7e151628aed2a6abf7158809cf4f3c")
    static let counter = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
    static let plaintext = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
    static let ciphertext = hex("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee")

    @Test func ctrNISTVector() throws {
        #expect(try AESCTR.apply(key: Self.key, iv: Self.counter, Self.plaintext) == Self.ciphertext)
        #expect(try AESCTR.apply(key: Self.key, iv: Self.counter, Self.ciphertext) == Self.plaintext)
    }

    @Test func streamContinuesAcrossCallsAtAnySplit() throws {
        var rng = SeededGenerator(seed: freshSeed("aes-stream"))
        for _ in 0..<50 {
            var stream = try AESCTRStream(key: Self.key, iv: Self.counter)
            var output: [UInt8] = []
            var offset = 0
            while offset < Self.plaintext.count {
                let step = Int.random(in: 0...(Self.plaintext.count - offset), using: &rng)
                output += stream.apply(Self.plaintext[offset..<(offset + step)])
                offset += step
            }
            #expect(output == Self.ciphertext)
        }
    }

    /// The 128-bit counter wraps from ff…ff to 00…00 (cross-checked with pycryptodome).
    @Test func streamCounterWraps() throws {
        let key = [UInt8](0..<32)
        let expected = "e999e41d4ca770da5387117b5d8f57eef29000b62a499fd0a9f39a6add2e7780f05d76ae4ab99fe5"
        var stream = try AESCTRStream(key: key, iv: [UInt8](repeating: 0xff, count: 16))
        let output = stream.apply([UInt8](repeating: 0, count: 10)) + stream.apply([UInt8](repeating: 0, count: 30))
        #expect(Hex.encode(output) == expected)
        #expect(Hex.encode(try AESCTR.apply(key: key, iv: [UInt8](repeating: 0xff, count: 16), [UInt8](repeating: 0, count: 40))) == expected)
    }

    /// FIPS-197 C.1 and C.3 single-block vectors via the CTR-based ECB block.
    @Test func singleBlockFIPS197() throws {
        let block = hex("00112233445566778899aabbccddeeff")
        #expect(Hex.encode(try AESBlock.encrypt(key: [UInt8](0..<16), block: block)) == "69c4e0d86a7b0430d8cdb78070b4c55a")
        #expect(Hex.encode(try AESBlock.encrypt(key: [UInt8](0..<32), block: block)) == "8ea2b7ca516745bfeafc49904b496089")
    }

    @Test func rejectsBadSizes() throws {
        #expect(throws: AESError.invalidKeyLength(15)) { try AESCTR.apply(key: [UInt8](repeating: 0, count: 15), iv: [UInt8](repeating: 0, count: 16), [1]) }
        #expect(throws: AESError.invalidBlockLength(12)) { try AESCTR.apply(key: Self.key, iv: [UInt8](repeating: 0, count: 12), [1]) }
        #expect(throws: AESError.invalidBlockLength(15)) { try AESBlock.encrypt(key: Self.key, block: [UInt8](repeating: 0, count: 15)) }
        #expect(throws: AESError.invalidKeyLength(0)) { try AESCTRStream(key: [], iv: [UInt8](repeating: 0, count: 16)) }
        #expect(try AESCTR.apply(key: Self.key, iv: Self.counter, []) == [])
    }
}

@Suite struct ConstantTimeTests {
    @Test func comparesContentAndLength() throws {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
    }

    @Test func secureZeroKeepsLength() throws {
        var secret: [UInt8] = [1, 2, 3, 4]
        secureZero(&secret)
        #expect(secret == [0, 0, 0, 0])
    }

    @Test func randomBytes() throws {
        #expect(SecureRandom.bytes(0) == [])
        #expect(SecureRandom.bytes(32).count == 32)
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }
}
