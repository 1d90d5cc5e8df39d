import Primitives
import Testing
@testable import DataSync

@Suite("Ids: message id (SHA-256, LE64 timestamp), 1:1 group id (sorted pub33), peer id (pub65)")
struct IdentifierTests {
    static let group = SyncGroupID(bytes: [UInt8](repeating: 0x11, count: 32))

    @Test("message id against Python hashlib: sha256(b'MESSAGE_ID' + group + struct.pack('<Q', ts) + body)")
    func messageIDVectors() {
        let id = SyncMessageID(groupID: Self.group, timestamp: 1_600_000_000, body: Array(text: "hello"))
        #expect(id.hex == "30b733b54df2b5292ecf2b911f3ad9e1fa809465e631b869da51cc75ae2ece48")
        // Empty group and body, timestamp −1 → LE64 ff…ff.
        #expect(SyncMessageID(groupID: SyncGroupID(bytes: []), timestamp: -1, body: []).hex
            == "f126642d049bbcc0682eba38a2f3b0d903923369a4f7053ef926b4f5909cd6e7")
        // The big-endian timestamp (struct.pack('>Q')) gives another id: the encoding matters (errata #21).
        #expect(id.hex != "1017c4a96ccf00a2f134a9418e5f29984b7de6422cc31b30ba1d4a5c623f47d7")
        let bigEndian = SHA2.sha256(Array("MESSAGE_ID".utf8) + Self.group.bytes + [0, 0, 0, 0, 0x5f, 0x5e, 0x10, 0x00] + Array(text: "hello"))
        #expect(Hex.encode(bigEndian) == "1017c4a96ccf00a2f134a9418e5f29984b7de6422cc31b30ba1d4a5c623f47d7")
    }

    @Test("the id covers every field: group, timestamp and body each change it")
    func messageIDCoversFields() {
        let base = SyncMessageID(groupID: Self.group, timestamp: 5, body: [1])
        #expect(SyncMessageID(groupID: SyncGroupID(bytes: [0x11]), timestamp: 5, body: [1]) != base)
        #expect(SyncMessageID(groupID: Self.group, timestamp: 6, body: [1]) != base)
        #expect(SyncMessageID(groupID: Self.group, timestamp: 5, body: [2]) != base)
        #expect(SyncMessage(groupID: Self.group, timestamp: 5, body: [1]).id == base)
    }

    @Test("1:1 group id: keccak256(pub33 of the smaller X ‖ pub33 of the other), same for both orders")
    func oneToOne() throws {
        // The wire-facts ECDH_x vector keys (go-ethereum TestSharedKeyStatic).
        let k1 = try PrivateKey(rawBytes: Hex.decode("7ebbc6a8358bc76dd73ebc557056702c8cfc34e5cfcd90eb83af0347575fd2ad")).publicKey
        let k2 = try PrivateKey(rawBytes: Hex.decode("6a3d6396903245bba5837752b9e0348874e72db0c4e11e9c485a81b4ea4353b9")).publicKey
        let forward = SyncGroupID.oneToOne(k1, k2), backward = SyncGroupID.oneToOne(k2, k1)
        #expect(forward == backward && forward.bytes.count == 32)
        let (small, large) = k1.raw64[0..<32].lexicographicallyPrecedes(k2.raw64[0..<32]) ? (k1, k2) : (k2, k1)
        #expect(forward.bytes == Keccak256.hash(small.compressed + large.compressed))
        // Swapping breaks it: the unsorted concatenation (larger X first) is another id.
        #expect(forward.bytes != Keccak256.hash(large.compressed + small.compressed))
        // Not the uncompressed keys either.
        #expect(forward.bytes != Keccak256.hash(small.uncompressed + large.uncompressed))
    }

    @Test("1:1 group ids over many random key pairs: symmetric, and the order is by X, not by the prefix byte")
    func oneToOneRandom() {
        for _ in 0..<50 {
            let a = PrivateKey.generate().publicKey, b = PrivateKey.generate().publicKey
            #expect(SyncGroupID.oneToOne(a, b) == SyncGroupID.oneToOne(b, a))
            let aFirst = a.raw64[0..<32].lexicographicallyPrecedes(b.raw64[0..<32])
            #expect(SyncGroupID.oneToOne(a, b).bytes == Keccak256.hash(aFirst ? a.compressed + b.compressed : b.compressed + a.compressed))
        }
    }

    @Test("peer id is pub65 (04 ‖ X ‖ Y)")
    func peerID() {
        let peer = SyncPeerID(Keys.alice.publicKey)
        #expect(peer.bytes.count == 65 && peer.bytes[0] == 0x04 && Array(peer.bytes.dropFirst()) == Keys.alice.publicKey.raw64)
        #expect(peer.publicKey == Keys.alice.publicKey)
    }
}
