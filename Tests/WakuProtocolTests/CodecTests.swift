import Primitives
import Testing
import WakuCore
@testable import WakuProtocol

@Suite struct StatusOptionsTests {
    @Test func capabilityAndCodes() {
        #expect(WakuCapability.id.description == "waku/1")
        #expect(WakuCapability.messageCodeCount == 128)
        #expect(WakuPacketCode.p2pRequestComplete.rawValue == 125)
        #expect(WakuPacketCode.p2pRequest.rawValue == 126)
        #expect(WakuPacketCode.p2pMessage.rawValue == 127)
        #expect(WakuPacketCode.statusUpdate.rawValue == 22)
        #expect(WakuPacketCode.messageResponse.rawValue == 12)
        #expect(WakuPacketCode.batchAcknowledged.rawValue == 11)
    }

    @Test func powIsTheFloatBitPattern() throws {
        let encoded = StatusOptions(powRequirement: 0.002).encoded()
        // [[0x80, 0x88 3f60624dd2f1a9fc]]
        #expect(Hex.encode(encoded) == "cbca80883f60624dd2f1a9fc")
        #expect(try StatusOptions(decoding: encoded).powRequirement == 0.002)
    }

    @Test func fullRoundTrip() throws {
        let options = StatusOptions(powRequirement: 0.001, bloomFilter: Bloom(topic: Topic(0x0102_0304)), lightNode: true,
                                    confirmationsEnabled: false, packetRateLimits: RateLimits(ip: 1, peerID: 2, topic: 3),
                                    topicInterest: [Topic(1), Topic(0xffff_ffff)], bytesRateLimits: RateLimits(ip: 0, peerID: 1 << 40, topic: 7))
        #expect(try StatusOptions(decoding: options.encoded()) == options)
        #expect(try StatusOptions(decoding: StatusOptions().encoded()) == StatusOptions())
        #expect(try StatusOptions(decoding: StatusOptions(topicInterest: []).encoded()).topicInterest == [])
    }

    @Test func unknownKeysAreSkippedAndOrderIsFree() throws {
        let payload = RLP.encode(.list([
            .list([.uint(2), .bool(true)]),
            .list([.uint(99), .list([.bytes([1, 2])])]),
            .list([.uint(0), .uint(0.5.bitPattern)]),
        ]))
        let options = try StatusOptions(decoding: payload)
        #expect(options == StatusOptions(powRequirement: 0.5, lightNode: true))
    }

    @Test func emptyBloomMeansAbsent() throws {
        let payload = RLP.encode(.list([.list([.uint(1), .bytes([])])]))
        #expect(try StatusOptions(decoding: payload).bloomFilter == nil)
    }

    @Test(arguments: [
        RLP.encode(.bytes([1, 2, 3])),                                              // not a list
        RLP.encode(.list([.uint(1)])),                                               // entry not a pair
        RLP.encode(.list([.list([.uint(0)])])),                                      // pair too short
        RLP.encode(.list([.list([.uint(0), .uint(Double.nan.bitPattern)])])),        // NaN PoW
        RLP.encode(.list([.list([.uint(0), .uint(Double.infinity.bitPattern)])])),   // Inf PoW
        RLP.encode(.list([.list([.uint(0), .uint((-1.0).bitPattern)])])),            // negative PoW
        RLP.encode(.list([.list([.uint(1), .bytes([1, 2, 3])])])),                   // bloom 3 bytes
        RLP.encode(.list([.list([.uint(2), .bytes([2])])])),                         // bool 2
        RLP.encode(.list([.list([.uint(4), .list([.uint(1), .uint(2)])])])),         // limits short
        RLP.encode(.list([.list([.uint(5), .list([.bytes([1, 2, 3])])])])),          // 3-byte topic
        RLP.encode(.list([.list([.uint(5), .bytes([1, 2, 3, 4])])])),                // topics not a list
        [0xc5, 0x01],                                                                 // truncated
    ])
    func malformedOptionsAreTypedErrors(payload: [UInt8]) {
        #expect(throws: StatusOptionsError.self) { try StatusOptions(decoding: payload) }
    }

    @Test func tooManyTopicsIsRefused() {
        let topics = (0..<10_001).map { RLPItem.bytes(Topic(UInt32($0)).bytes) }
        let payload = RLP.encode(.list([.list([.uint(5), .list(topics)])]))
        #expect(throws: StatusOptionsError.tooManyTopics(10_001)) { try StatusOptions(decoding: payload) }
    }
}

@Suite struct PacketCodecTests {
    let envelope = Envelope(expiry: 1_700_000_050, ttl: 50, topic: Topic(0xdead_beef), data: [1, 2, 3], nonce: 7)

    @Test func messageResponseRoundTrip() throws {
        let response = MessageResponse(batchHash: Keccak256.hash([1]), errors: [
            EnvelopeError(hash: envelope.hash, rejection: .fromFuture(sent: 100, now: 0)),
            EnvelopeError(hash: envelope.hash, rejection: .insufficientPoW(pow: 0.1, required: 1)),
        ])
        let decoded = try MessageResponse(decoding: response.encoded())
        #expect(decoded == response)
        #expect(decoded.errors.map(\.code) == [21, 22])
        #expect(try MessageResponse(decoding: MessageResponse(batchHash: Keccak256.hash([]), errors: []).encoded()).errors.isEmpty)
    }

    @Test(arguments: [
        RLP.encode(.list([.uint(2), .list([.bytes([UInt8](repeating: 0, count: 32)), .list([])])])),   // version 2
        RLP.encode(.list([.uint(1), .list([.bytes([1]), .list([])])])),                                // short batch hash
        RLP.encode(.list([.uint(1), .list([.bytes([UInt8](repeating: 0, count: 32)), .list([.list([.bytes([1]), .uint(1), .string("x")])])])])),
        RLP.encode(.list([.uint(1)])),
        [0xff],
    ])
    func malformedMessageResponse(payload: [UInt8]) {
        #expect(throws: WakuPacketError.self) { try MessageResponse(decoding: payload) }
    }

    @Test func messagesAndBatchAck() throws {
        #expect(try MessagesPacket.decode(MessagesPacket.encode([envelope, envelope])) == [envelope, envelope])
        #expect(throws: WakuPacketError.self) { try MessagesPacket.decode([0xc1, 0x01]) }
        let hash = Keccak256.hash([9])
        #expect(try BatchAcknowledged.decode(BatchAcknowledged.encode(batchHash: hash)) == hash)
        #expect(throws: WakuPacketError.self) { try BatchAcknowledged.decode([0x80]) }
    }

    @Test func remoteStateAppliesUpdates() {
        var state = RemoteWakuState()
        #expect(state.interest == .everything && state.powRequirement == 0.001 && !state.lightNode)
        state.apply(StatusOptions(lightNode: true, topicInterest: [Topic(5)]))
        #expect(state.interest == .topics([Topic(5)]) && state.lightNode)
        state.apply(StatusOptions(powRequirement: 0))
        #expect(state.interest == .topics([Topic(5)]))
        #expect(state.wants(Envelope(expiry: 10, ttl: 5, topic: Topic(5), data: [])))
        #expect(!state.wants(Envelope(expiry: 10, ttl: 5, topic: Topic(6), data: [])))
    }

    /// Every decoder returns or throws on random and mutated input; none traps.
    @Test func randomizedInputNeverTraps() {
        var rng = SystemRandomNumberGenerator()
        let seeds: [[UInt8]] = [
            StatusOptions(powRequirement: 0.2, bloomFilter: .full, lightNode: true, packetRateLimits: RateLimits(ip: 1),
                          topicInterest: [Topic(1)], bytesRateLimits: RateLimits()).encoded(),
            MessageResponse(batchHash: Keccak256.hash([]), errors: [EnvelopeError(hash: envelope.hash, code: 22, description: "x")]).encoded(),
            MessagesPacket.encode([envelope]),
            BatchAcknowledged.encode(batchHash: Keccak256.hash([])),
        ]
        for round in 0..<4000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0..<80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                bytes = seeds[round / 2 % seeds.count]
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                if Bool.random(using: &rng) { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng))) }
            }
            _ = try? StatusOptions(decoding: bytes)
            _ = try? MessageResponse(decoding: bytes)
            _ = try? MessagesPacket.decode(bytes)
            _ = try? BatchAcknowledged.decode(bytes)
        }
    }
}
