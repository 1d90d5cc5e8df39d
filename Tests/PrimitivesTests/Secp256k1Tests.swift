import Primitives
import Testing

/// secp256k1 group order n.
let curveOrder = hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

/// `a - b` for 32-byte big-endian numbers with a ≥ b.
func subtract32(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    var borrow = 0
    for i in stride(from: 31, through: 0, by: -1) {
        var value = Int(a[i]) - Int(b[i]) - borrow
        borrow = value < 0 ? 1 : 0
        if value < 0 { value += 256 }
        out[i] = UInt8(value)
    }
    return out
}

@Suite struct Secp256k1VectorTests {
    /// go-ethereum crypto/signature_test.go.
    @Test func recoversPublishedVector() throws {
        let digest = hex("ce0677bb30baa8cf067c88db9811f4333d131bf8bcf12fe7065d211dce971008")
        let signature = try RecoverableSignature(bytes65: hex("90f27b8b488db00b00606796d2987f6a5f59ae62ea05effe84fef5b8b0e549984a691139ad57a3f0b906637673aa2f63d1f55cb1a69199d4009eea23ceaddc9301"))
        let key = try signature.recoverPublicKey(digest: digest)
        #expect(Hex.encode(key.uncompressed) == "04e32df42865e97135acfb65f3bae71bdc86f4d49150ad6a440b6f15878109880a0a2b2667f7e725ceea70c673093bf67663e0312623c8e091b13cf2c0f11ef652")
        #expect(Hex.encode(key.compressed) == "02e32df42865e97135acfb65f3bae71bdc86f4d49150ad6a440b6f15878109880a")
        #expect(key.verifyCompact(signature64: signature.compact, digest: digest))
    }

    /// cpp-ethereum SignAndRecover: RFC 6979 nonces reproduce the signature byte for byte.
    @Test func signsPublishedVectorByteExactly() throws {
        let key = try PrivateKey(rawBytes: Keccak256.hash(utf8("sec")))
        let digest = Keccak256.hash(utf8("msg"))
        #expect(Hex.encode(digest) == "92aef1b955b9de564fc50e31a55b470b0c8cdb931f186485d620729fb03d6f2c")
        let signature = try key.signRecoverable(digest: digest)
        #expect(Hex.encode(signature.bytes) == "b826808a8c41e00b7c5d71f211f005a84a7b97949d5e765831e1da4e34c9b8295d2a622eee50f25af78241c1cb7cfff11bcf2a13fe65dee1e3b86fd79a4e3ed000")
        #expect(Hex.encode(key.publicKey.raw64) == "e40930c838d6cca526795596e368d16083f0672f4ab61788277abfa23c3740e1cc84453b0b24f49086feba0bd978bb4446bae8dff1e79fcc1e9cf482ec2d07c3")
        #expect(try signature.recoverPublicKey(digest: digest) == key.publicKey)
        #expect(try key.signCompact(digest: digest) == signature.compact)
    }

    /// go-ethereum ecies_test.go TestSharedKeyStatic.
    @Test func ecdhRawXGoEthereum() throws {
        let one = try PrivateKey(rawBytes: hex("7ebbc6a8358bc76dd73ebc557056702c8cfc34e5cfcd90eb83af0347575fd2ad"))
        let two = try PrivateKey(rawBytes: hex("6a3d6396903245bba5837752b9e0348874e72db0c4e11e9c485a81b4ea4353b9"))
        let expected = "167ccc13ac5e8a26b131c3446030c60fbfac6aa8e31149d0869f93626a4cdf62"
        #expect(Hex.encode(try one.sharedSecretX(with: two.publicKey)) == expected)
        #expect(Hex.encode(try two.sharedSecretX(with: one.publicKey)) == expected)
    }

    /// cpp-ethereum rlpx.cpp.
    @Test func ecdhRawXCppEthereum() throws {
        let key = try PrivateKey(rawBytes: hex("332143e9629eedff7d142d741f896258f5a1bfab54dab2121d3ec5000093d74b"))
        let peer = try PublicKey(bytes: hex("f0d2b97981bd0d415a843b5dfe8ab77a30300daab3658c578f2340308a2da1a07f0821367332598b6aa4e180a41e92f4ebbae3518da847f0b1c0bbfe20bcf4e1"))
        #expect(Hex.encode(try key.sharedSecretX(with: peer)) == "ee1418607c2fcfb57fda40380e885a707f49000a5dda056d828b7d9bd1f29a08")
    }

    /// status-go fixtures (status-go `account/generator` tests, imported accounts); the published addresses are upper-case.
    @Test func ethereumAddresses() throws {
        let key = try PrivateKey(rawBytes: hex("c3ad0b50652318f845565c13761e5369ce75dcbc2a94616e15b829d4b07410fe"))
        #expect(Hex.encode(key.publicKey.ethereumAddress) == "516312D69737C5E6EF16F22E0097FF5D9F0C4196".lowercased())
        let pub = try PublicKey(bytes: hex("04fde3e58a7379161da2adf033fbee076e2ba11fca8b07c4d06610b399911a60017e4c108eae243487d19e273f99c2d6af13ff5e330783f4389212092b01cc616c"))
        #expect(Hex.encode(pub.ethereumAddress) == "b7a1233d1309ce665a3a4db088e4a046eb333545")
        #expect(pub.nodeID == Keccak256.hash(pub.raw64))
    }

    /// EIP-55's own examples.
    @Test(arguments: ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"])
    func eip55Checksums(address: String) {
        #expect(EIP55.checksum(address: hex(address)) == address)
    }
}

@Suite struct Secp256k1KeyTests {
    @Test func privateKeyRange() throws {
        #expect(throws: Secp256k1Error.invalidPrivateKeyLength(31)) { try PrivateKey(rawBytes: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: Secp256k1Error.privateKeyOutOfRange) { try PrivateKey(rawBytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: Secp256k1Error.privateKeyOutOfRange) { try PrivateKey(rawBytes: curveOrder) }
        #expect(throws: Secp256k1Error.privateKeyOutOfRange) { try PrivateKey(rawBytes: [UInt8](repeating: 0xff, count: 32)) }
        let nMinusOne = subtract32(curveOrder, [UInt8](repeating: 0, count: 31) + [1])
        #expect(throws: Never.self) { try PrivateKey(rawBytes: nMinusOne) }
        #expect(throws: Never.self) { try PrivateKey(rawBytes: [UInt8](repeating: 0, count: 31) + [1]) }
    }

    @Test func generatedKeysAreDistinctAndRedacted() throws {
        let a = PrivateKey.generate(), b = PrivateKey.generate()
        #expect(a != b)
        #expect(a == a)
        #expect(!"\(a)".contains(Hex.encode(a.rawBytes)))
    }

    @Test func publicKeyForms() throws {
        let key = PrivateKey.generate().publicKey
        #expect(key.uncompressed.count == 65 && key.uncompressed[0] == 4)
        #expect(key.compressed.count == 33)
        #expect(try PublicKey(bytes: key.uncompressed) == key)
        #expect(try PublicKey(bytes: key.raw64) == key)
        #expect(try PublicKey(bytes: key.compressed) == key)
        #expect(key.ethereumAddress.count == 20)
        #expect("\(key)" == "0x" + Hex.encode(key.uncompressed))
    }

    @Test func publicKeyRejections() throws {
        let key = PrivateKey.generate().publicKey
        #expect(throws: Secp256k1Error.invalidPublicKeyLength(63)) { try PublicKey(bytes: [UInt8](key.raw64.dropLast())) }
        #expect(throws: Secp256k1Error.invalidPublicKeyLength(0)) { try PublicKey(bytes: [UInt8]()) }
        #expect(throws: Secp256k1Error.invalidPublicKeyPrefix(0x05)) { try PublicKey(bytes: [0x05] + key.raw64) }
        // libsecp256k1 accepts "hybrid" 06/07 keys; we must not.
        let hybrid: UInt8 = 0x06 | (key.raw64[63] & 1)
        #expect(throws: Secp256k1Error.invalidPublicKeyPrefix(hybrid)) { try PublicKey(bytes: [hybrid] + key.raw64) }
        #expect(throws: Secp256k1Error.invalidPublicKeyPrefix(0x04)) { try PublicKey(bytes: [0x04] + key.raw64.prefix(32)) }
        var offCurve = key.raw64
        offCurve[63] ^= 1
        #expect(throws: Secp256k1Error.invalidPublicKey) { try PublicKey(bytes: offCurve) }
        #expect(throws: Secp256k1Error.invalidPublicKey) { try PublicKey(bytes: [0x02] + [UInt8](repeating: 0xff, count: 32)) }
    }

    @Test func signatureRejections() throws {
        let key = PrivateKey.generate()
        let digest = Keccak256.hash(utf8("x"))
        #expect(throws: Secp256k1Error.invalidDigestLength(31)) { try key.signRecoverable(digest: Array(digest.dropLast())) }
        #expect(throws: Secp256k1Error.invalidDigestLength(33)) { try key.signCompact(digest: digest + [0]) }
        let signature = try key.signRecoverable(digest: digest)
        #expect(throws: Secp256k1Error.invalidSignatureLength(expected: 65, actual: 64)) { try RecoverableSignature(bytes65: signature.compact) }
        #expect(throws: Secp256k1Error.invalidRecoveryID(27)) { try RecoverableSignature(bytes65: signature.compact + [27]) }
        // R = 0 parses but recovers nothing; R ≥ n does not parse.
        let zeroR = try RecoverableSignature(bytes65: [UInt8](repeating: 0, count: 32) + signature.s + [0])
        #expect(throws: Secp256k1Error.self) { try zeroR.recoverPublicKey(digest: digest) }
        let bigR = try RecoverableSignature(bytes65: [UInt8](repeating: 0xff, count: 32) + signature.s + [0])
        #expect(throws: Secp256k1Error.invalidSignature) { try bigR.recoverPublicKey(digest: digest) }
        #expect(throws: Secp256k1Error.invalidDigestLength(0)) { try signature.recoverPublicKey(digest: []) }
        #expect(!key.publicKey.verifyCompact(signature64: signature.compact, digest: digest.dropLast()))
        #expect(!key.publicKey.verifyCompact(signature64: signature.bytes, digest: digest))
        #expect(!key.publicKey.verifyCompact(signature64: [UInt8](repeating: 0xff, count: 64), digest: digest))
    }

    /// go-ethereum VerifySignature rejects high-S; recovery accepts it (with V flipped).
    @Test func highSRejectedByVerifyButRecoverable() throws {
        let key = PrivateKey.generate()
        let digest = Keccak256.hash(utf8("malleable"))
        let signature = try key.signRecoverable(digest: digest)
        let highS = subtract32(curveOrder, signature.s)
        #expect(key.publicKey.verifyCompact(signature64: signature.compact, digest: digest))
        #expect(!key.publicKey.verifyCompact(signature64: signature.r + highS, digest: digest))
        let flipped = try RecoverableSignature(bytes65: signature.r + highS + [signature.v ^ 1])
        #expect(try flipped.recoverPublicKey(digest: digest) == key.publicKey)
    }

    @Test func randomSignRecoverVerify() throws {
        var rng = SeededGenerator(seed: freshSeed("secp-roundtrip"))
        for _ in 0..<50 {
            let key = PrivateKey.generate()
            let digest = rng.bytes(32)
            let signature = try key.signRecoverable(digest: digest)
            #expect(signature.v <= 1)
            #expect(try signature.recoverPublicKey(digest: digest) == key.publicKey)
            let compact = try key.signCompact(digest: digest)
            #expect(compact == signature.compact)
            #expect(key.publicKey.verifyCompact(signature64: compact, digest: digest))
            var wrongDigest = digest
            wrongDigest[0] ^= 1
            #expect(!key.publicKey.verifyCompact(signature64: compact, digest: wrongDigest))
            let der = try key.signDER(digest: digest)
            #expect(key.publicKey.verifyDER(signature: der, digest: digest))
            #expect(!key.publicKey.verifyDER(signature: der, digest: wrongDigest))
            #expect(!key.publicKey.verifyDER(signature: der.dropLast(), digest: digest))
        }
    }

    @Test func ecdhVariantsAgree() throws {
        let a = PrivateKey.generate(), b = PrivateKey.generate()
        let x = try a.sharedSecretX(with: b.publicKey)
        #expect(x == (try b.sharedSecretX(with: a.publicKey)))
        let point = try a.sharedSecretCompressed(with: b.publicKey)
        #expect(point == (try b.sharedSecretCompressed(with: a.publicKey)))
        #expect(Array(point.dropFirst()) == x)
    }

    @Test func tweaksAreConsistent() throws {
        let key = PrivateKey.generate()
        let tweak = Keccak256.hash(utf8("tweak"))
        let child = try key.adding(tweak: tweak)
        #expect(try key.publicKey.adding(tweak: tweak) == child.publicKey)
        #expect(throws: Secp256k1Error.tweakFailed) { try key.adding(tweak: curveOrder) }
        #expect(throws: Secp256k1Error.tweakFailed) { try key.adding(tweak: [1]) }
    }

    @Test func errorsDescribeThemselves() throws {
        #expect("\(Secp256k1Error.invalidRecoveryID(27))".contains("27"))
        #expect("\(Secp256k1Error.invalidPublicKeyLength(10))".contains("33"))
    }
}
