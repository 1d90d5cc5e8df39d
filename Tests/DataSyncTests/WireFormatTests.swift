import Foundation
import Primitives
import Testing
@testable import DataSync

@Suite("MVDS wire format: field numbers 5001–5004 / 6001–6003, hand-built bytes")
struct WireFormatTests {
    static let id32 = [UInt8](repeating: 0xaa, count: 32)
    static let group32 = [UInt8](repeating: 0x11, count: 32)

    @Test("the tags are the varints of 5001…5004 and 6001…6003 with their wire types")
    func tags() {
        #expect(tag(5001, 2) == [0xca, 0xb8, 0x02])   // 40010
        #expect(tag(5002, 2) == [0xd2, 0xb8, 0x02])
        #expect(tag(5003, 2) == [0xda, 0xb8, 0x02])
        #expect(tag(5004, 2) == [0xe2, 0xb8, 0x02])
        #expect(tag(6001, 2) == [0x8a, 0xf7, 0x02])
        #expect(tag(6002, 0) == [0x90, 0xf7, 0x02])
        #expect(tag(6003, 2) == [0x9a, 0xf7, 0x02])
        #expect(varint(1_600_000_000) == [0x80, 0xa0, 0xf8, 0xfa, 0x05])
    }

    @Test("a Payload with one ack `aa` is ca b8 02 01 aa, both ways")
    func oneByteAck() throws {
        var wire = Mvds_Payload()
        wire.acks = [Data([0xaa])]
        let bytes: [UInt8] = try wire.serializedBytes()
        #expect(bytes == [0xca, 0xb8, 0x02, 0x01, 0xaa])
        // Detection looks at the raw lists (status-go IsValid): still MVDS, but a 1-byte id is no id.
        guard case .payload(let payload) = SyncPayload.detect(bytes) else { Issue.record("not detected as MVDS"); return }
        #expect(payload.acks.isEmpty && payload.ignoredIDs == 1)
    }

    @Test("a Payload with a 32-byte ack and a message encodes to the hand-built bytes and decodes back")
    func ackAndMessage() throws {
        let message = SyncMessage(groupID: SyncGroupID(bytes: Self.group32), timestamp: 1_600_000_000, body: Array(text: "hi"))
        let payload = SyncPayload(acks: [try #require(SyncMessageID(bytes: Self.id32))], messages: [message])
        let inner = [0x8a, 0xf7, 0x02, 0x20] + Self.group32
            + [0x90, 0xf7, 0x02, 0x80, 0xa0, 0xf8, 0xfa, 0x05]
            + [0x9a, 0xf7, 0x02, 0x02, 0x68, 0x69]
        #expect(inner.count == 50)
        let expected = [0xca, 0xb8, 0x02, 0x20] + Self.id32 + [0xe2, 0xb8, 0x02, 0x32] + inner
        #expect(payload.encoded() == expected)
        #expect(SyncPayload.detect(expected) == .payload(payload))
    }

    @Test("offers and requests use 5002 and 5003")
    func offersAndRequests() throws {
        let a = try #require(SyncMessageID(bytes: Self.id32)), b = try #require(SyncMessageID(bytes: [UInt8](repeating: 0xbb, count: 32)))
        let payload = SyncPayload(offers: [a], requests: [b])
        #expect(payload.encoded() == lengthDelimited(5002, Self.id32) + lengthDelimited(5003, b.bytes))
        #expect(SyncPayload.detect(payload.encoded()) == .payload(payload))
    }

    @Test("unknown fields (5005 group_offers of later forks, anything else) are skipped")
    func unknownFields() throws {
        let groupOffer = lengthDelimited(1, Self.group32) + lengthDelimited(2, Self.id32)
        let bytes = lengthDelimited(5005, groupOffer) + lengthDelimited(5001, Self.id32) + tag(7777, 0) + varint(42)
        guard case .payload(let payload) = SyncPayload.detect(bytes) else { Issue.record("not detected as MVDS"); return }
        #expect(payload.acks == [try #require(SyncMessageID(bytes: Self.id32))])
        // An unknown field inside Message is skipped too; the id covers only the three known fields.
        let inner = lengthDelimited(6001, Self.group32) + lengthDelimited(6099, [1, 2, 3]) + lengthDelimited(6003, [0x01])
        guard case .payload(let withMessage) = SyncPayload.detect(lengthDelimited(5004, inner)) else { Issue.record("no MVDS"); return }
        #expect(withMessage.messages == [SyncMessage(groupID: SyncGroupID(bytes: Self.group32), timestamp: 0, body: [0x01])])
    }

    @Test("only unknown fields, no bytes, or an AMM-shaped protobuf: not MVDS")
    func notMVDS() {
        #expect(SyncPayload.detect([UInt8]()) == .notMVDS)
        #expect(SyncPayload.detect(lengthDelimited(5005, [0x0a, 0x00])) == .notMVDS)
        // ApplicationMetadataMessage { 1 signature, 2 payload, 3 type }: decodes as an empty Payload.
        let amm = lengthDelimited(1, [UInt8](repeating: 7, count: 65)) + lengthDelimited(2, Array(text: "chat")) + tag(3, 0) + [1]
        #expect(SyncPayload.detect(amm) == .notMVDS)
        // An empty message entry still makes a payload (the list is non-empty on the wire).
        #expect(SyncPayload.detect(lengthDelimited(5004, [])) == .payload(SyncPayload(messages: [
            SyncMessage(groupID: SyncGroupID(bytes: []), timestamp: 0, body: []),
        ])))
    }

    @Test("a negative timestamp round-trips as a 10-byte varint")
    func negativeTimestamp() {
        let message = SyncMessage(groupID: SyncGroupID(bytes: [1]), timestamp: -1, body: [])
        let bytes = SyncPayload(messages: [message]).encoded()
        let stamp = tag(6002, 0) + [UInt8](repeating: 0xff, count: 9) + [0x01]
        #expect(bytes == lengthDelimited(5004, lengthDelimited(6001, [1]) + stamp))
        #expect(SyncPayload.detect(bytes) == .payload(SyncPayload(messages: [message])))
    }
}
