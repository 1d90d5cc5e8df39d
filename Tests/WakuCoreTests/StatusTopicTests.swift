import Primitives
import Testing
@testable import WakuCore

@Suite("Status topics and keys")
struct StatusTopicTests {
    static let keyA = try! PrivateKey(rawBytes: Hex.decode("c6cbd7d76bc5baca530c875663711b947efa6a86a900a9e8645ce32e5821484e"))
    static let keyB = try! PrivateKey(rawBytes: Hex.decode("d51dd64ad19ea84968a308dca246012c00d2b2101d41bce740acd1c650acc509"))

    @Test("partitioned topic: published partitions 4490 and 3991 (status-go filters_manager_test.go, errata #3)")
    func partitions() {
        #expect(StatusTopic.partition(of: Self.keyA.publicKey) == 4490)
        #expect(StatusTopic.partition(of: Self.keyB.publicKey) == 3991)
        #expect(StatusTopic.partitionedName(of: Self.keyA.publicKey) == "contact-discovery-4490")
        #expect(StatusTopic.partitionedName(of: Self.keyB.publicKey) == "contact-discovery-3991")
        #expect(StatusTopic.partitioned(of: Self.keyA.publicKey) == Topic(hashing: "contact-discovery-4490"))
    }

    @Test("partition is X mod 5000 of the affine X coordinate, not of the whole key")
    func partitionUsesX() {
        for _ in 0..<20 {
            let key = PrivateKey.generate().publicKey
            var remainder = 0
            for byte in key.raw64[0..<32] { remainder = (remainder * 256 + Int(byte)) % 5000 }
            #expect(StatusTopic.partition(of: key) == remainder)
            #expect((0..<5000).contains(StatusTopic.partition(of: key)))
        }
    }

    @Test("contact-code and personal-discovery strings use 0x + hex65 / hex65")
    func contactCode() {
        let pub = Self.keyA.publicKey
        let hex65 = Hex.encode(pub.uncompressed)
        #expect(hex65.count == 130)
        #expect(StatusTopic.contactCodeName(of: pub) == "0x\(hex65)-contact-code")
        #expect(StatusTopic.contactCode(of: pub) == Topic(hashing: "0x\(hex65)-contact-code"))
        #expect(StatusTopic.personalDiscoveryName(of: pub) == "contact-discovery-\(hex65)")
    }

    @Test("negotiated topic is keccak256(hex(ECDH_x))[:4], the same from both sides (errata #1)")
    func negotiated() throws {
        let ab = try StatusTopic.negotiatedName(mine: Self.keyA, theirs: Self.keyB.publicKey)
        let ba = try StatusTopic.negotiatedName(mine: Self.keyB, theirs: Self.keyA.publicKey)
        #expect(ab == ba)
        #expect(ab.count == 64)
        #expect(ab == ab.lowercased() && !ab.hasPrefix("0x"))
        #expect(ab == Hex.encode(try Self.keyA.sharedSecretX(with: Self.keyB.publicKey)))
        #expect(try StatusTopic.negotiated(mine: Self.keyA, theirs: Self.keyB.publicKey) == Topic(hashing: ab))
    }

    @Test("published ECDH_x vector feeds the negotiated string (go-ethereum TestSharedKeyStatic)")
    func negotiatedFromPublishedSecret() throws {
        let one = try PrivateKey(rawBytes: Hex.decode("7ebbc6a8358bc76dd73ebc557056702c8cfc34e5cfcd90eb83af0347575fd2ad"))
        let two = try PrivateKey(rawBytes: Hex.decode("6a3d6396903245bba5837752b9e0348874e72db0c4e11e9c485a81b4ea4353b9"))
        let name = try StatusTopic.negotiatedName(mine: one, theirs: two.publicKey)
        #expect(name == "167ccc13ac5e8a26b131c3446030c60fbfac6aa8e31149d0869f93626a4cdf62")
        #expect(try StatusTopic.negotiated(mine: one, theirs: two.publicKey) == Topic(hashing: name))
    }

    @Test("public chat topic is the name hashed as-is")
    func publicChat() {
        #expect(StatusTopic.publicChat("status") == Topic(hashing: "status"))
        #expect(StatusTopic.publicChat("status") != StatusTopic.publicChat("Status"))
        #expect(StatusTopic.mailserverRequest == Topic(0))
    }

    @Test("PBKDF2 keys (65 356 iterations, empty salt): deterministic, 32 bytes, name-specific — no published vector exists")
    func passwordKeys() throws {
        let first = try SymKey(password: "status")
        let again = try SymKey(password: "status")
        #expect(first == again)
        #expect(first.bytes.count == 32)
        #expect(try SymKey(password: "Status") != first)
        // Independent check of the parameters: the same derivation through Primitives.KDF.
        let direct = try Primitives.KDF.pbkdf2SHA256(password: Array("status".utf8), salt: [], iterations: 65_356, length: 32)
        #expect(first.bytes == direct)
        let off = try Primitives.KDF.pbkdf2SHA256(password: Array("status".utf8), salt: [], iterations: 65_536, length: 32)
        #expect(first.bytes != off)
        #expect(!first.description.contains(Hex.encode(first.bytes)))
    }

    @Test("derive: symmetric kinds carry the PBKDF2 key of the hashed name; asymmetric kinds none")
    func derive() throws {
        let pub = Self.keyA.publicKey
        let contact = try StatusTopic.derive(.contactCode(pub))
        #expect(contact.topic == StatusTopic.contactCode(of: pub))
        #expect(contact.symKey == (try SymKey(password: contact.name)))
        let chat = try StatusTopic.derive(.publicChat("status"))
        #expect(chat.name == "status" && chat.symKey != nil)
        let negotiated = try StatusTopic.derive(.negotiated(mine: Self.keyA, theirs: Self.keyB.publicKey))
        #expect(negotiated.symKey == (try SymKey(password: negotiated.name)))
        #expect(try StatusTopic.derive(.partitioned(pub)).symKey == nil)
        #expect(try StatusTopic.derive(.partitioned(pub)).name == "contact-discovery-4490")
        #expect(try StatusTopic.derive(.genericDiscovery).topic == Topic(0xf894_6aac))
        #expect(try StatusTopic.derive(.personalDiscovery(pub)).symKey == nil)
    }

    @Test("public passwords are derived once per process; negotiated secrets are never remembered")
    func publicPasswordMemo() throws {
        let name = "parley-memo-test-\(UInt64.random(in: 0 ... .max))"
        #expect(PublicPasswordKeys.shared.key(for: name) == nil)
        let first = try SymKey(publicPassword: name)
        #expect(first == (try SymKey(password: name)))
        #expect(PublicPasswordKeys.shared.key(for: name) == first)
        #expect(try SymKey(publicPassword: name) == first)
        let chat = try StatusTopic.derive(.publicChat(name + "-chat"))
        #expect(PublicPasswordKeys.shared.key(for: name + "-chat") == chat.symKey)
        let negotiated = try StatusTopic.derive(.negotiated(mine: Self.keyA, theirs: Self.keyB.publicKey))
        #expect(negotiated.symKey != nil)
        #expect(PublicPasswordKeys.shared.key(for: negotiated.name) == nil)
    }

    @Test("SymKey rejects wrong lengths and the all-zero key")
    func symKeyValidation() {
        #expect(throws: SymKeyError.wrongLength(31)) { try SymKey(bytes: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: SymKeyError.allZero) { try SymKey(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(SymKey.random() != SymKey.random())
    }
}
