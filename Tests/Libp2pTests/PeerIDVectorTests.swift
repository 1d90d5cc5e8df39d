import Crypto
import Primitives
import Testing
@testable import Libp2pCore

/// libp2p/specs peer-ids/peer-ids.md "Test vectors" and the spec's text examples.
@Suite struct PeerIDVectorTests {
    // peer-ids.md § Test vectors, Secp256k1.
    static let secpPrivateProto = "0802122053DADF1D5A164D6B4ACDB15E24AA4C5B1D3461BDBD42ABEDB0A4404D56CED8FB"
    static let secpPublicProto = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99"
    // peer-ids.md § Test vectors, Ed25519.
    static let edPrivateProto = "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"
    static let edPublicProto = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"

    @Test func secp256k1KeyVectors() throws {
        let key = try Libp2pIdentityKey(protobuf: Hex.decode(Self.secpPrivateProto))
        #expect(Hex.encode(key.publicKey.protobuf) == Self.secpPublicProto)
        #expect(Hex.encode(key.protobuf) == Self.secpPrivateProto.lowercased())
        let decoded = try Libp2pPublicKey(protobuf: Hex.decode(Self.secpPublicProto))
        #expect(decoded == key.publicKey)
        // 37-byte key ≤ 42: identity multihash 0x00 0x25 ‖ key.
        let id = key.peerID
        #expect(Hex.encode(id.bytes) == "0025" + Self.secpPublicProto)
        #expect(id.base58 == "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY")
        #expect(try id.inlinedPublicKey() == key.publicKey)
    }

    @Test func ed25519KeyVectors() throws {
        let key = try Libp2pIdentityKey(protobuf: Hex.decode(Self.edPrivateProto))
        #expect(Hex.encode(key.publicKey.protobuf) == Self.edPublicProto)
        #expect(Hex.encode(key.protobuf) == Self.edPrivateProto)
        #expect(key.peerID.base58.hasPrefix("12D3KooW"))
        #expect(key.peerID.base58 == "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq")
    }

    @Test func legacyEd25519PrivateKeyWithRepeatedPublicHalf() throws {
        let raw = try Hex.decode(Self.edPrivateProto)
        let data = Array(raw[4...])
        var writer = ProtoWriter()
        writer.varint(1, 1)
        writer.lengthDelimited(2, data + data[32...])
        let key = try Libp2pIdentityKey(protobuf: writer.bytes)
        #expect(Hex.encode(key.publicKey.protobuf) == Self.edPublicProto)
        var bad = ProtoWriter()
        bad.varint(1, 1)
        bad.lengthDelimited(2, data + [UInt8](repeating: 7, count: 32))
        #expect(throws: Libp2pCodecError.self) { try Libp2pIdentityKey(protobuf: bad.bytes) }
    }

    /// peer-ids.md § String representation: the same sha2-256 peer id in both text forms.
    @Test func textFormsOfTheSpecExample() throws {
        let legacy = try Libp2pPeerID(parsing: "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")
        let cid = try Libp2pPeerID(parsing: "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe")
        #expect(legacy == cid)
        #expect(legacy.multihash.code == Multihash.sha256Code)
        #expect(legacy.cid == "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe")
        #expect(cid.base58 == "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")
        #expect(try legacy.inlinedPublicKey() == nil)
        let ed = try Libp2pPeerID(parsing: "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA")
        #expect(ed.multihash.code == Multihash.identityCode)
        #expect(try Libp2pPeerID(parsing: ed.cid) == ed)
        if case .ed25519? = try ed.inlinedPublicKey() {} else { Issue.record("expected an inlined Ed25519 key") }
    }

    /// The identity-vs-sha256 rule at the 42-byte boundary.
    @Test func identityUpTo42BytesSha256Beyond() {
        let short = [UInt8](repeating: 1, count: 42), long = [UInt8](repeating: 1, count: 43)
        #expect(short.count <= Libp2pPeerID.maximumInlineKeyLength && long.count > Libp2pPeerID.maximumInlineKeyLength)
        // Real keys: secp256k1 (37 B) and Ed25519 (36 B) are both inlined.
        let secp = Libp2pIdentityKey.secp256k1(PrivateKey.generate()).peerID
        let ed = Libp2pIdentityKey.ed25519(Curve25519.Signing.PrivateKey()).peerID
        #expect(secp.multihash.code == Multihash.identityCode && ed.multihash.code == Multihash.identityCode)
        #expect(Multihash.sha256(of: long).bytes.count == 34)
    }

    @Test func signaturesVerifyForBothKeyTypes() throws {
        for key in [Libp2pIdentityKey.secp256k1(PrivateKey.generate()), .ed25519(Curve25519.Signing.PrivateKey())] {
            let message = Array("noise-libp2p-static-key:hello".utf8)
            let signature = try key.sign(message)
            #expect(key.publicKey.verify(signature: signature, message: message))
            #expect(!key.publicKey.verify(signature: signature, message: message + [0]))
            var flipped = signature
            flipped[flipped.count / 2] ^= 1
            #expect(!key.publicKey.verify(signature: flipped, message: message))
        }
    }

    @Test func malformedKeysAndPeerIDsThrow() throws {
        let bad: [[UInt8]] = [
            [], [0x08], [0x08, 0x02], [0x08, 0x02, 0x12, 0x21, 0x03],          // truncated
            [0x08, 0x00, 0x12, 0x01, 0x00],                                       // RSA: unsupported
            [0x08, 0x02, 0x12, 0x02, 0x03, 0x01],                                  // secp256k1 of 2 bytes
            [0x08, 0x01, 0x12, 0x01, 0x00],                                        // Ed25519 of 1 byte
            [0x12, 0x01, 0x00],                                                    // no type
            [0x0b],                                                                // wire type 3
            [0x00, 0x01],                                                          // field 0
            [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // varint overflow
        ]
        for bytes in bad {
            #expect(throws: Libp2pCodecError.self, "\(Hex.encode(bytes))") { try Libp2pPublicKey(protobuf: bytes) }
        }
        // a secp256k1 point not on the curve
        #expect(throws: Libp2pCodecError.self) {
            try Libp2pPublicKey(protobuf: [0x08, 0x02, 0x12, 0x21, 0x02] + [UInt8](repeating: 0xff, count: 32))
        }
        for text in ["", "0", "QmO", "bafz", "b!!", "zzz", "x123", String(repeating: "1", count: 200),
                     "bagaaierasords4njcts6vs7qvdjfcvgnume4hqohf65zsfguprqphs3icwea" /* CID codec not libp2p-key */] {
            #expect(throws: (any Error).self, "\(text)") { try Libp2pPeerID(parsing: text) }
        }
        let multihashes: [[UInt8]] = [[], [0x12], [0x12, 0x20, 0x00], [0x13, 0x00], [0x00, 0x05, 1, 2], [0x00, 0x01, 1, 2],
                                      [0x12, 0x10] + [UInt8](repeating: 0, count: 16), [0x00, 0x80, 0x80, 0x01]]
        for bytes in multihashes {
            #expect(throws: Libp2pCodecError.self, "\(Hex.encode(bytes))") { try Multihash(decoding: bytes) }
        }
    }

    @Test func base32RoundTripsAndRejectsJunk() throws {
        for length in 0..<20 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(try Base32.decode(Base32.encode(bytes)) == bytes)
        }
        #expect(Base32.encode(Array("foobar".utf8)) == "mzxw6ytboi")   // RFC 4648 §10, lower case, unpadded
        #expect(throws: Libp2pCodecError.self) { try Base32.decode("mzxw6ytbo1") }
        #expect(throws: Libp2pCodecError.self) { try Base32.decode("mzxw6ytboj") }  // non-zero trailing bits
    }
}
