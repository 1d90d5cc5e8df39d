import Primitives
import Testing
import WakuCore
@testable import WakuStore

/// Mailserver request / completion codecs (wire-facts §2.10.2–2.10.3, errata #15), built by hand and hostile.
@Suite struct MailserverCodecTests {
    let topic = Topic(0x0102_0304)
    let key = try! SymKey(password: "status-offline-inbox")

    @Test func requestPayloadHasStatusGoFieldOrder() throws {
        let cursor = HistoryCursor(sent: 0x0102_0304, hash: EnvelopeHash(bytes: [UInt8](repeating: 0xee, count: 32))!)
        let payload = MessagesRequestPayload(lower: 10, upper: 0x100, bloom: Bloom(topic: topic), topics: [topic], limit: 100,
                                             cursor: cursor, batch: true)
        let fields = try RLP.decodeList(payload.encoded())
        #expect(fields.count == 7)
        #expect(try fields[0].asUInt64() == 10)
        #expect(try fields[1].asUInt64() == 0x100)
        #expect(try fields[2].asBytes() == Bloom(topic: topic).bytes)
        #expect(try fields[3].asList() == [.bytes([1, 2, 3, 4])])
        #expect(try fields[4].asUInt64() == 100)
        #expect(try fields[5].asBytes() == [1, 2, 3, 4] + [UInt8](repeating: 0xee, count: 32))
        #expect(fields[6] == .bytes([1]))
        #expect(try MessagesRequestPayload(decoding: payload.encoded()) == payload)
    }

    @Test func serverDefaultsApplyToUpperAndLimit() {
        let payload = MessagesRequestPayload(lower: 5, upper: 0, bloom: .full, topics: [], limit: 0, cursor: nil)
        let query = payload.query(now: 1000)
        #expect(query.to == 1060)
        #expect(query.limit == 1000)
        #expect(query.bloom == .full)
    }

    @Test func malformedPayloadsAreTypedErrors() {
        let bad: [[UInt8]] = [[], [0xc0], [0xff, 0x00], RLP.encode(.list([.uint(1), .uint(2)])),
                              RLP.encode(.list([.uint(1), .uint(2), .bytes([1, 2]), .list([]), .uint(1), .bytes([]), .bool(true)])),
                              RLP.encode(.list([.uint(1), .uint(2), .bytes(Bloom.full.bytes), .list([.bytes([1])]), .uint(1), .bytes([]), .bool(true)])),
                              RLP.encode(.list([.uint(1), .uint(2), .bytes(Bloom.full.bytes), .list([]), .uint(1), .bytes([1, 2, 3]), .bool(true)])),
                              RLP.encode(.list([.uint(UInt64(UInt32.max) + 1), .uint(2), .bytes(Bloom.full.bytes), .list([]), .uint(1), .bytes([]), .bool(true)]))]
        for bytes in bad {
            #expect(throws: StoreRequestError.self) { try MessagesRequestPayload(decoding: bytes) }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let random = (0..<Int.random(in: 0...120, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? MessagesRequestPayload(decoding: random)
            _ = try? MailserverRequest(decoding: random, key: key, minimumPoW: 0)
            _ = try? RequestCompletion(bytes: random)
        }
    }

    @Test func requestEnvelopeOpensOnlyWithTheMailserverKey() throws {
        let nodeKey = PrivateKey.generate()
        let payload = MessagesRequestPayload(query: HistoryQuery(from: 1, to: 2, topics: [topic], limit: 10))
        let envelope = try MailserverRequest.envelope(for: payload, nodeKey: nodeKey, key: key, now: unixNow(), pow: 0.00001)
        #expect(envelope.topic == .zero)
        #expect(envelope.ttl == 50)
        let request = try MailserverRequest(decoding: envelope.encoded(), key: key, minimumPoW: 0.00001)
        #expect(request.id == envelope.hash)
        #expect(request.signer == nodeKey.publicKey)
        #expect(request.payload == payload)
        #expect(throws: StoreRequestError.undecryptable) {
            try MailserverRequest(decoding: envelope.encoded(), key: try SymKey(password: "other"), minimumPoW: 0)
        }
        #expect {
            try MailserverRequest(decoding: envelope.encoded(), key: key, minimumPoW: 1_000)
        } throws: { error in
            guard case .insufficientPoW = error as? StoreRequestError else { return false }
            return true
        }
        // Unsigned request envelopes are refused.
        let unsignedData = try Message.seal(payload: payload.encoded(), to: .symmetric(key), signWith: nil)
        let unsigned = Envelope(ttl: 50, topic: .zero, data: unsignedData, now: unixNow())
        #expect(throws: StoreRequestError.unsigned) { try MailserverRequest(decoding: unsigned.encoded(), key: key, minimumPoW: 0) }
    }

    @Test func directFormIsAccepted() throws {
        let id = [UInt8](repeating: 0x11, count: 32)
        let direct = RLP.encode(.list([.bytes(id), .uint(100), .uint(200), .uint(50), .bytes([]), .bytes(Bloom(topic: topic).bytes),
                                       .list([.bytes(topic.bytes)])]))
        let request = try MailserverRequest(decoding: direct, key: key, minimumPoW: 0)
        #expect(request.id.bytes == id)
        #expect(request.payload.lower == 100 && request.payload.upper == 200 && request.payload.limit == 50)
        #expect(request.payload.topics == [topic])
        #expect(request.signer == nil)
    }

    @Test func completionsRoundTripAndCarryTheCursor() throws {
        let id = EnvelopeHash(bytes: [UInt8](repeating: 1, count: 32))!
        let last = EnvelopeHash(bytes: [UInt8](repeating: 2, count: 32))!
        let cursor = HistoryCursor(sent: 77, hash: last)
        let done = RequestCompletion.done(requestID: id, lastEnvelope: last, cursor: cursor)
        #expect(done.bytes.count == 100)
        #expect(Array(done.bytes[64..<68]) == [0, 0, 0, 77])
        #expect(try RequestCompletion(bytes: done.bytes) == done)
        #expect(try RLP.decode(done.payload).asBytes() == done.bytes)
        let final = RequestCompletion.done(requestID: id, lastEnvelope: nil, cursor: nil)
        #expect(final.bytes.count == 64)
        #expect(try RequestCompletion(bytes: final.bytes) == final)
        let failed = RequestCompletion.failed(requestID: id, message: "limit too large")
        #expect(failed.bytes.starts(with: Array("ERROR=".utf8)))
        #expect(try RequestCompletion(bytes: failed.bytes) == failed)
        #expect(throws: StoreRequestError.self) { try RequestCompletion(bytes: [UInt8](repeating: 0, count: 70)) }
        #expect(throws: StoreRequestError.self) { try RequestCompletion(bytes: Array("ERROR=".utf8) + [1, 2]) }
    }
}
