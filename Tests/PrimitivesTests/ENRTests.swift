import Foundation
import Primitives
import Testing

@Suite struct ENRVectorTests {
    /// EIP-778 example record (shared/vectors/enr.json).
    static let text = "enr:-IS4QHCYrYZbAKWCBRlAy5zzaDZXJBGkcnh4MHcBFZntXNFrdvJjX04jRzjzCBOonrkTfj499SZuOh8R33Ls8RRcy5wBgmlkgnY0gmlwhH8AAAGJc2VjcDI1NmsxoQPKY0yuDUmstAHYpMa2_oxVtw0RW_QAdpzBQA8yWM0xOIN1ZHCCdl8"
    static let privateKey = hex("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
    static let nodeID = "a448f24c6d18e575453db13171562b71999873db5b286df957af199ec94617f7"
    static let signature = "7098ad865b00a582051940cb9cf36836572411a47278783077011599ed5cd16b76f2635f4e234738f30813a89eb9137e3e3df5266e3a1f11df72ecf1145ccb9c"

    @Test func decodesTheEIP778Record() throws {
        let record = try NodeRecord(text: Self.text)
        #expect(record.seq == 1)
        #expect(Hex.encode(record.signature) == Self.signature)
        #expect(record.verifySignature())
        #expect(record.nodeID.map(Hex.encode) == Self.nodeID)
        #expect(record.pairs.map(\.key) == ["id", "ip", "secp256k1", "udp"])
        #expect(record.identityScheme == "v4")
        #expect(record.ip == [127, 0, 0, 1])
        #expect(record.ipString == "127.0.0.1")
        #expect(record.udp == 30303)
        #expect(record.tcp == nil)
        #expect(record.ip6 == nil)
        #expect(record.publicKey.map { Hex.encode($0.compressed) } == "03ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138")
        #expect(record["secp256k1"] == .bytes(hex("03ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138")))
        #expect(record.text == Self.text)
        #expect(try NodeRecord(rlp: record.rlpBytes, requireValidSignature: true) == record)
    }

    /// RFC 6979 makes the signature deterministic: rebuilding from the key gives the same bytes.
    @Test func rebuildsTheRecordByteExactly() throws {
        let key = try PrivateKey(rawBytes: Self.privateKey)
        let built = try NodeRecord.build(seq: 1, ip: [127, 0, 0, 1], udp: 30303, signingWith: key)
        #expect(built.text == Self.text)
        #expect(built == (try NodeRecord(text: Self.text)))
        let viaPairs = try NodeRecord.build(seq: 1, pairs: ["udp": .uint(30303), "ip": .bytes([127, 0, 0, 1])], signingWith: key)
        #expect(viaPairs.text == Self.text)
    }
}

@Suite struct ENRTests {
    static let key = PrivateKey.generate()

    static func encode(signature: [UInt8] = [UInt8](repeating: 1, count: 64), seq: RLPItem = .uint(1), _ rest: [RLPItem]) -> [UInt8] {
        RLP.encode(.list([.bytes(signature), seq] + rest))
    }

    @Test func buildsAndUpdates() throws {
        let record = try NodeRecord.build(seq: 7, ip: [10, 0, 0, 1], tcp: 30303, udp: 30304, signingWith: Self.key)
        #expect(record.verifySignature())
        #expect(record.publicKey == Self.key.publicKey)
        #expect(record.nodeID == Self.key.publicKey.nodeID)
        #expect(record.tcp == 30303 && record.udp == 30304)
        #expect(try NodeRecord(text: record.text, requireValidSignature: true) == record)
        let updated = try record.updated(["tcp": .uint(1), "udp": nil, "zz": .list([.bytes([1])])], signingWith: Self.key)
        #expect(updated.seq == 8)
        #expect(updated.tcp == 1 && updated.udp == nil)
        #expect(updated.pairs.map(\.key) == ["id", "ip", "secp256k1", "tcp", "zz"])
        #expect(updated.verifySignature())
        #expect(throws: ENRError.self) { try NodeRecord.build(seq: 1, pairs: ["id": "v5"], signingWith: Self.key) }
        #expect(throws: ENRError.self) { try NodeRecord.build(seq: 1, ip: [1, 2, 3], signingWith: Self.key) }
    }

    @Test func keysSortBytewise() throws {
        // "Z" (0x5a) sorts before "a" (0x61) bytewise.
        let record = try NodeRecord.build(seq: 1, pairs: ["a": .bytes([1]), "Z": .bytes([2]), "udp6": .uint(9)], signingWith: Self.key)
        #expect(record.pairs.map(\.key) == ["Z", "a", "id", "secp256k1", "udp6"])
        #expect(try NodeRecord(rlp: record.rlpBytes, requireValidSignature: true).udp6 == 9)
    }

    @Test func rejectsOversize() throws {
        #expect(throws: ENRError.tooLarge(NodeRecord.maxEncodedSize + 1)) {
            try NodeRecord.build(seq: 1, pairs: ["big": .bytes([UInt8](repeating: 0, count: 175))], signingWith: Self.key)
        }
        let valid = try NodeRecord.build(seq: 1, pairs: ["big": .bytes([UInt8](repeating: 0, count: 174))], signingWith: Self.key)
        #expect(valid.rlpBytes.count == 300)
        #expect(try NodeRecord(rlp: valid.rlpBytes).verifySignature())
        let oversize = Self.encode([.string("id"), .string("v4"), .string("x"), .bytes([UInt8](repeating: 0, count: 300))])
        #expect(throws: ENRError.tooLarge(oversize.count)) { try NodeRecord(rlp: oversize) }
        #expect(throws: ENRError.self) { try NodeRecord(text: "enr:" + Base64URL.encode(oversize)) }
    }

    @Test func rejectsStructuralProblems() throws {
        #expect(throws: ENRError.notAList) { try NodeRecord(rlp: RLP.encode("abc")) }
        #expect(throws: ENRError.missingSignatureOrSeq) { try NodeRecord(rlp: RLP.encode(.list([.bytes([UInt8](repeating: 1, count: 64))]))) }
        #expect(throws: ENRError.invalidSignatureLength(63)) { try NodeRecord(rlp: Self.encode(signature: [UInt8](repeating: 1, count: 63), [.string("id"), .string("v4")])) }
        #expect(throws: ENRError.invalidSeq) { try NodeRecord(rlp: Self.encode(seq: .bytes([0, 1]), [.string("id"), .string("v4")])) }
        #expect(throws: ENRError.oddNumberOfPairElements) { try NodeRecord(rlp: Self.encode([.string("id"), .string("v4"), .string("ip")])) }
        #expect(throws: ENRError.keysNotSorted(previous: "ip", key: "id")) {
            try NodeRecord(rlp: Self.encode([.string("ip"), .bytes([1, 2, 3, 4]), .string("id"), .string("v4")]))
        }
        #expect(throws: ENRError.duplicateKey("id")) { try NodeRecord(rlp: Self.encode([.string("id"), .string("v4"), .string("id"), .string("v4")])) }
        #expect(throws: ENRError.invalidKey) { try NodeRecord(rlp: Self.encode([.list([]), .string("v4")])) }
        #expect(throws: ENRError.invalidKey) { try NodeRecord(rlp: Self.encode([.bytes([0xff]), .string("v4")])) }
        #expect(throws: ENRError.missingIdentityScheme) { try NodeRecord(rlp: Self.encode([.string("ip"), .bytes([1, 2, 3, 4])])) }
        #expect(throws: ENRError.unknownIdentityScheme("v5")) { try NodeRecord(rlp: Self.encode([.string("id"), .string("v5")])) }
        #expect(throws: ENRError.self) { try NodeRecord(rlp: RLP.encode(["a"]) + [0]) }
        #expect(throws: ENRError.invalidRLP(.trailingBytes(1))) { try NodeRecord(rlp: Self.encode([.string("id"), .string("v4")]) + [0]) }
    }

    @Test func rejectsBadText() throws {
        #expect(throws: ENRError.missingPrefix) { try NodeRecord(text: String(ENRVectorTests.text.dropFirst(4))) }
        #expect(throws: ENRError.missingPrefix) { try NodeRecord(text: "ENR:" + ENRVectorTests.text.dropFirst(4)) }
        #expect(throws: ENRError.self) { try NodeRecord(text: ENRVectorTests.text + "!") }
        #expect(throws: ENRError.self) { try NodeRecord(text: ENRVectorTests.text.replacingOccurrences(of: "_", with: "/")) }
        #expect(throws: ENRError.self) { try NodeRecord(text: String(ENRVectorTests.text.dropLast(3))) }
        #expect(throws: ENRError.self) { try NodeRecord(text: "enr:") }
    }

    /// A bad signature decodes (verifySignature says false) unless a valid one is required.
    @Test func badSignatureIsReportedNotThrown() throws {
        let record = try NodeRecord(text: ENRVectorTests.text)
        var items = try RLP.decode(record.rlpBytes).asList()
        var signature = try items[0].asBytes()
        signature[10] ^= 0x01
        items[0] = .bytes(signature)
        let tampered = RLP.encode(.list(items))
        let decoded = try NodeRecord(rlp: tampered)
        #expect(!decoded.verifySignature())
        #expect(throws: ENRError.invalidSignature) { try NodeRecord(rlp: tampered, requireValidSignature: true) }
        // Changing a value invalidates the signature too.
        items = try RLP.decode(record.rlpBytes).asList()
        items[items.count - 1] = .uint(30304)
        #expect(!(try NodeRecord(rlp: RLP.encode(.list(items)))).verifySignature())
        // A missing or invalid secp256k1 key cannot verify.
        let noKey = try NodeRecord(rlp: Self.encode([.string("id"), .string("v4")]))
        #expect(noKey.publicKey == nil && noKey.nodeID == nil && !noKey.verifySignature())
    }

    @Test func errorsDescribeThemselves() throws {
        #expect("\(ENRError.tooLarge(400))".contains("300"))
        #expect("\(ENRError.keysNotSorted(previous: "b", key: "a"))".contains("sorted"))
    }

    @Test func neverTrapsOnGarbage() throws {
        let seed = freshSeed("enr-garbage")
        var rng = SeededGenerator(seed: seed)
        let valid = try NodeRecord(text: ENRVectorTests.text).rlpBytes
        for iteration in 0..<2000 {
            let input = iteration % 3 == 0 ? rng.bytes(Int.random(in: 0..<120, using: &rng)) : rng.mutate(valid)
            do {
                let record = try NodeRecord(rlp: input)
                _ = record.verifySignature()
                _ = (record.ip, record.tcp, record.udp, record.publicKey, record.text)
                #expect(record.rlpBytes == input, "seed \(seed)")
            } catch {
                #expect(error is ENRError, "seed \(seed): \(error)")
            }
        }
        for _ in 0..<500 {
            var text = Array(ENRVectorTests.text.utf8)
            text[Int.random(in: 4..<text.count, using: &rng)] = UInt8.random(in: 0x21...0x7e, using: &rng)
            do { _ = try NodeRecord(text: String(decoding: text, as: UTF8.self)) } catch { #expect(error is ENRError, "seed \(seed)") }
        }
    }
}
