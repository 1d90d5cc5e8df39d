import Kernel
import Primitives
import Testing
@testable import Libp2p
@testable import Rendezvous

/// `/rend/0.1.0` messages against wire bytes built by hand from wire-facts §1.9: `rlp(type) ‖ rlp(body)`,
/// types 1…4, every status code; the record is the published EIP-778 example.
@Suite struct RendWireTests {
    /// EIP-778's example record (127.0.0.1, udp 30303), 134 bytes.
    static let enrText = "enr:-IS4QHCYrYZbAKWCBRlAy5zzaDZXJBGkcnh4MHcBFZntXNFrdvJjX04jRzjzCBOonrkTfj499SZuOh8R33Ls8RRcy5wBgmlkgnY0gmlwhH8AAAGJc2VjcDI1NmsxoQPKY0yuDUmstAHYpMa2_oxVtw0RW_QAdpzBQA8yWM0xOIN1ZHCCdl8"
    static var enrBytes: [UInt8] { try! Base64URL.decode(String(enrText.dropFirst(4))) }
    static var record: NodeRecord { try! NodeRecord(text: enrText, requireValidSignature: true) }
    static let whisper = Array("whisper".utf8)

    func hex(_ text: String) -> [UInt8] { try! Hex.decode(text.replacingOccurrences(of: " ", with: "")) }

    func roundTrip(_ message: RendMessage, _ wire: [UInt8]) throws {
        #expect(RendCodec.wireBytes(message) == wire)
        // Split as the transport does: the type item, then the body item.
        let typeLength = try #require(try RLPItemFraming.itemLength(wire, limit: 9))
        let type = try RLP.decode(wire[..<typeLength]).asUInt64()
        let decoded = try RendCodec.decode(FramedMessage(code: type, payload: Array(wire[typeLength...])))
        #expect(decoded == message)
    }

    @Test func recordVectorIsThePublishedOne() {
        #expect(Self.enrBytes.count == 134)
        #expect(Self.enrBytes.prefix(2) == [0xf8, 0x84])
    }

    @Test func register() throws {
        // 01 ‖ f8 94 [87 "whisper", <enr 134 B>, 85 02540be400 (10 s in ns)]
        let wire = hex("01 f894 87 77686973706572") + Self.enrBytes + hex("85 02540be400")
        try roundTrip(.register(topic: Self.whisper, record: Self.record, ttlNanoseconds: 10_000_000_000), wire)
    }

    @Test(arguments: [
        (RendStatus.ok, "80"), (.invalidNamespace, "64"), (.invalidENR, "65"), (.invalidTTL, "66"),
        (.invalidLimit, "67"), (.invalidContent, "68"), (.notAuthorized, "81c8"), (.internalError, "82012c"),
    ])
    func registerResponseWithEveryStatus(status: RendStatus, encoded: String) throws {
        let statusBytes = hex(encoded)
        // 02 ‖ [status, ""] and 02 ‖ [status, "no"]
        try roundTrip(.registerResponse(status: status, message: ""), [0x02, 0xc0 + UInt8(statusBytes.count + 1)] + statusBytes + [0x80])
        try roundTrip(.registerResponse(status: status, message: "no"),
                      [0x02, 0xc0 + UInt8(statusBytes.count + 3)] + statusBytes + hex("82 6e6f"))
    }

    @Test func discover() throws {
        // 03 ‖ c9 [0a, 87 "whisper"]
        try roundTrip(.discover(limit: 10, topic: Self.whisper), hex("03 c9 0a 87 77686973706572"))
        // limit 0 and a huge limit still decode: the server decides (E_INVALID_LIMIT / clamp)
        try roundTrip(.discover(limit: 0, topic: Self.whisper), hex("03 c9 80 87 77686973706572"))
        try roundTrip(.discover(limit: UInt64.max, topic: Self.whisper), hex("03 d1 88 ffffffffffffffff 87 77686973706572"))
    }

    @Test func discoverResponse() throws {
        // 04 ‖ c3 [80, 80, c0]
        try roundTrip(.discoverResponse(status: .ok, message: "", records: []), hex("04 c3 80 80 c0"))
        // 04 ‖ f8 8a [80, 80, f8 86 [<enr>]]
        try roundTrip(.discoverResponse(status: .ok, message: "", records: [Self.record]), hex("04 f88a 80 80 f886") + Self.enrBytes)
        for status in RendStatus.allCases where status != .ok {
            let framed = RendCodec.encode(.discoverResponse(status: status, message: "x", records: []))
            #expect(try RendCodec.decode(framed) == .discoverResponse(status: status, message: "x", records: []))
        }
    }

    // MARK: malformed input

    func decodeError(_ type: UInt64, _ payload: [UInt8]) -> RendWireError? {
        do { _ = try RendCodec.decode(FramedMessage(code: type, payload: payload)); return nil } catch { return error }
    }

    @Test func unknownTypesResetTheStream() {
        for type: UInt64 in [0, 5, 6, 255] {
            let error = decodeError(type, hex("c0"))
            #expect(error == .unknownType(type))
            #expect(error?.status == nil)
        }
    }

    @Test func malformedBodiesAnswerInvalidContent() {
        let cases: [(UInt64, [UInt8])] = [
            (1, []),                                            // no body
            (1, hex("80")),                                     // not a list
            (1, hex("c2 80 80")),                               // two fields
            (1, hex("c3 80 80 80")),                            // ENR is a string
            (1, hex("cb 87 77686973706572 c0 80 80")),          // four fields
            (3, hex("c9 0a 87 777869737065")),                  // truncated
            (3, hex("ca 00 0a 87 77686973706572")),             // two fields wrong: non-canonical "00" limit… then three
            (3, hex("c9 0a 87 77686973706572 00")),             // trailing byte after the body
            (3, hex("ca 82 000a 87 77686973706572")),           // limit with a leading zero
            (2, hex("c2 c0 80")),                               // status is a list
            (4, hex("c3 80 80 80")),                            // records is not a list
            (4, [0xf9, 0x10, 0x01] + [UInt8](repeating: 0x80, count: 4097)),   // larger than the body limit
        ]
        for (type, payload) in cases {
            let error = decodeError(type, payload)
            #expect(error?.status == .invalidContent, "type \(type) payload \(payload.prefix(8)): \(String(describing: error))")
        }
        #expect(decodeError(2, hex("c2 07 80")) == .unknownStatus(7))
    }

    @Test func aRecordWithABadSignatureAnswersInvalidENR() {
        var tampered = Self.enrBytes
        tampered[5] ^= 0x01    // inside the signature
        let body = RLP.encodeList(ofEncoded: [RLP.encode(.bytes(Self.whisper)), tampered, RLP.encode(.uint(10_000_000_000))])
        let error = decodeError(1, body)
        guard case .invalidRecord = error else { Issue.record("expected invalidRecord, got \(String(describing: error))"); return }
        #expect(error?.status == .invalidENR)
        // Not a record at all (a list of two strings).
        let junk = RLP.encodeList(ofEncoded: [RLP.encode(.bytes(Self.whisper)), hex("c2 80 80"), RLP.encode(.uint(1))])
        #expect(decodeError(1, junk)?.status == .invalidENR)
        // A bad record in a DISCOVER_RESPONSE fails the response.
        let response = RLP.encodeList(ofEncoded: [hex("80"), hex("80"), RLP.encodeList(ofEncoded: [tampered])])
        #expect(decodeError(4, response)?.status == .invalidENR)
    }

    @Test func transportFramingBoundsItemsFromTheHeader() throws {
        #expect(try RLPItemFraming.itemLength([], limit: 10) == nil)
        #expect(try RLPItemFraming.itemLength([0x01], limit: 10) == 1)
        #expect(try RLPItemFraming.itemLength([0x83], limit: 10) == 4)
        #expect(try RLPItemFraming.itemLength([0xc3], limit: 10) == 4)
        #expect(try RLPItemFraming.itemLength([0xf9, 0x01], limit: 4096) == nil)        // long length incomplete
        #expect(try RLPItemFraming.itemLength([0xf9, 0x01, 0x00], limit: 4096) == 259)
        #expect(throws: Libp2pTransportError.self) { try RLPItemFraming.itemLength([0xbb, 0x7f, 0xff, 0xff, 0xff], limit: 4096) }
        #expect(throws: Libp2pTransportError.self) { try RLPItemFraming.itemLength([0xff] + [UInt8](repeating: 0xff, count: 8), limit: 4096) }
        #expect(RLPItemFraming.wire(FramedMessage(code: 3, payload: hex("c0"))) == hex("03 c0"))
    }
}
