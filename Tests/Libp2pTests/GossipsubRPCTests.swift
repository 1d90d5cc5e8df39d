import Libp2pCore
import Testing

/// The pubsub RPC codec: byte-exact encoding of the protobuf fields, round trips, and malformed input.
@Suite struct GossipsubRPCTests {
    @Test func encodesFieldsByteExactly() {
        let rpc = PubsubRPC(subscriptions: [.init(subscribe: true, topic: "a")], publish: [.init(data: [1, 2], topic: "a")],
                            control: .init(graft: [.init(topic: "a")]))
        // SubOpts{1: true, 2: "a"}, Message{2: 0102, 4: "a"}, ControlMessage{3: ControlGraft{1: "a"}}.
        #expect(rpc.bytes == [0x0a, 0x05, 0x08, 0x01, 0x12, 0x01, 0x61,
                              0x12, 0x07, 0x12, 0x02, 0x01, 0x02, 0x22, 0x01, 0x61,
                              0x1a, 0x05, 0x1a, 0x03, 0x0a, 0x01, 0x61])
        #expect(PubsubRPC(control: .init(prune: [.init(topic: "t", backoff: 60)])).bytes
                == [0x1a, 0x07, 0x22, 0x05, 0x0a, 0x01, 0x74, 0x18, 0x3c])
        #expect(PubsubRPC(control: .init(iwant: [.init(messageIDs: [[0xaa]])])).bytes == [0x1a, 0x05, 0x12, 0x03, 0x0a, 0x01, 0xaa])
    }

    @Test func roundTripsEveryField() throws {
        let rpc = PubsubRPC(
            subscriptions: [.init(subscribe: true, topic: "/waku/1/default/rlp"), .init(subscribe: false, topic: "x")],
            publish: [.init(data: Array(0..<200), topic: "/waku/1/default/rlp"),
                      .init(from: [0, 1], data: [], seqno: [0, 0, 0, 1], topic: "t", signature: [9], key: [8])],
            control: .init(ihave: [.init(topic: "t", messageIDs: [[1], [2, 3]])], iwant: [.init(messageIDs: [[4]])],
                           graft: [.init(topic: "t")],
                           prune: [.init(topic: "t", peers: [.init(peerID: [5, 6], signedPeerRecord: [7])], backoff: 60)],
                           idontwant: [.init(messageIDs: [[8]])]))
        #expect(try PubsubRPC(decoding: rpc.bytes) == rpc)
        #expect(try PubsubRPC(decoding: []) == PubsubRPC())
        #expect(rpc.publish[0].isUnsigned && !rpc.publish[1].isUnsigned)
    }

    @Test func floodsubTopicIDsTakeTheFirstAndUnknownFieldsAreSkipped() throws {
        // Message{2: "", 4: "a", 4: "b", 15: varint 1}, then RPC field 9 (unknown, length-delimited).
        let bytes: [UInt8] = [0x12, 0x0a, 0x12, 0x00, 0x22, 0x01, 0x61, 0x22, 0x01, 0x62, 0x78, 0x01, 0x4a, 0x01, 0x00]
        let rpc = try PubsubRPC(decoding: bytes)
        #expect(rpc.publish == [.init(data: [], topic: "a")])
    }

    @Test(arguments: [
        ([0x0a] as [UInt8], "truncated key/length"),
        ([0x0a, 0x05, 0x08], "length beyond the end"),
        ([0x10, 0x01], "publish as a varint"),
        ([0x0a, 0x02, 0x08, 0x01], "SubOpts without a topic"),
        ([0x12, 0x02, 0x12, 0x00], "Message without a topic"),
        ([0x12, 0x04, 0x22, 0x02, 0xff, 0xfe], "topic not UTF-8"),
        ([0x1a, 0x02, 0x08, 0x01], "control field as a varint"),
        ([0x1a, 0x04, 0x22, 0x02, 0x18, 0xff], "PRUNE backoff truncated varint"),
        ([0x00, 0x01], "field number 0"),
        ([0x0b, 0x00], "group wire type"),
        ([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], "overlong varint length"),
    ])
    func rejectsMalformedInput(bytes: [UInt8], why: String) {
        #expect(throws: Libp2pCodecError.self, "\(why)") { try PubsubRPC(decoding: bytes) }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<2000 {
            let bytes = (0..<(length % 97)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? PubsubRPC(decoding: bytes)
        }
        // Mutations of a valid RPC: every truncation decodes or throws, never traps.
        let valid = PubsubRPC(subscriptions: [.init(subscribe: true, topic: "t")], publish: [.init(data: [1, 2, 3], topic: "t")],
                              control: .init(ihave: [.init(topic: "t", messageIDs: [[1, 2]])], prune: [.init(topic: "t", backoff: 5)])).bytes
        for cut in 0..<valid.count { _ = try? PubsubRPC(decoding: valid.prefix(cut)) }
    }
}
