import Foundation
import Primitives
import Testing
@testable import DataSync

@Suite("Malformed input: truncated, garbage, wrong lengths and random bytes never trap")
struct MalformedInputTests {
    static func sample() throws -> [UInt8] {
        let id = try #require(SyncMessageID(bytes: [UInt8](repeating: 0xaa, count: 32)))
        let message = SyncMessage(groupID: SyncGroupID(bytes: [UInt8](repeating: 0x11, count: 32)), timestamp: 1_600_000_000,
                                  body: Array(text: "hello"))
        return SyncPayload(acks: [id], offers: [id], requests: [id], messages: [message]).encoded()
    }

    @Test("every truncation of a valid payload is classified without trapping; cut inside a field → not MVDS")
    func truncated() throws {
        let bytes = try Self.sample()
        for length in 0..<bytes.count {
            let detection = SyncPayload.detect(bytes.prefix(length))
            if case .payload(let payload) = detection {
                // Only cuts at field boundaries decode; what they decode is a prefix of the lists.
                #expect(payload.acks.count <= 1 && payload.messages.isEmpty)
            }
        }
        #expect(SyncPayload.detect(bytes.prefix(bytes.count - 1)) == .notMVDS)   // the message is cut
        #expect(SyncPayload.detect(bytes.prefix(3)) == .notMVDS)                 // a tag without a length
    }

    @Test("garbage: bad wire types, overlong varints, lengths past the end, group tags")
    func garbage() {
        let cases: [[UInt8]] = [
            [0xff],
            [0xca, 0xb8, 0x02, 0x7f, 0x00],                  // ack length 127, one byte present
            [0xca, 0xb8, 0x02] + [UInt8](repeating: 0xff, count: 11),   // varint longer than 10 bytes
            [0xcf, 0xb8, 0x02],                              // field 5001 with wire type 7 (invalid)
            [0xcb, 0xb8, 0x02, 0x00],                        // field 5001 as a start-group
            [0x00, 0x00],                                    // field number 0
            [0xe2, 0xb8, 0x02, 0x03, 0x8a, 0xf7, 0x02],      // message whose group id has no length
            [0xca, 0xb8, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f],  // a 4 GiB length
        ]
        for bytes in cases { #expect(SyncPayload.detect(bytes) == .notMVDS, "\(Hex.encode(bytes))") }
    }

    @Test("ids that are not 32 bytes are dropped and counted, the rest kept")
    func wrongLengthIDs() throws {
        let good = [UInt8](repeating: 0x42, count: 32)
        let bytes = lengthDelimited(5001, []) + lengthDelimited(5001, good) + lengthDelimited(5002, [UInt8](repeating: 1, count: 33))
            + lengthDelimited(5003, [UInt8](repeating: 2, count: 31))
        guard case .payload(let payload) = SyncPayload.detect(bytes) else { Issue.record("not MVDS"); return }
        #expect(payload.acks == [try #require(SyncMessageID(bytes: good))])
        #expect(payload.offers.isEmpty && payload.requests.isEmpty && payload.ignoredIDs == 3)
    }

    @Test("10 000 random byte strings and bit-flipped payloads: detection and receive never trap")
    func random() async throws {
        var random = SeededRandom(seed: 0xDA7A)
        let node = try endpoint(Keys.bob)
        let sample = try Self.sample()
        var detected = 0
        for round in 0..<10_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int(random.next() % 96)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            } else {
                bytes = sample
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
                }
            }
            if case .payload = SyncPayload.detect(bytes) { detected += 1 }
            if round % 20 == 0 { _ = try await node.receive(bytes, from: Keys.alice.publicKey.syncPeer) }
        }
        #expect(detected > 0 && detected < 10_000)
    }

    @Test("a random peer id or id length check: SyncPeerID and SyncMessageID reject wrong input")
    func idConstructors() {
        #expect(SyncMessageID(bytes: [UInt8](repeating: 0, count: 31)) == nil)
        #expect(SyncMessageID(bytes: [UInt8](repeating: 0, count: 33)) == nil)
        #expect(SyncPeerID(bytes: [UInt8](repeating: 4, count: 65)) == nil)             // not on the curve
        #expect(SyncPeerID(bytes: Keys.alice.publicKey.compressed) == nil)              // pub33 is not a peer id
        #expect(SyncPeerID(bytes: Keys.alice.publicKey.uncompressed) == SyncPeerID(Keys.alice.publicKey))
    }
}

extension PublicKey {
    var syncPeer: SyncPeerID { SyncPeerID(self) }
}
