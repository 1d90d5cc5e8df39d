import Primitives
import Testing
@testable import WakuCore

@Suite("Envelope encoding")
struct EnvelopeTests {
    /// `(i·7 + 3) mod 256` for i in 0..<300 — the data of the reference vector.
    static let referenceData: [UInt8] = (0..<300).map { UInt8(($0 * 7 + 3) % 256) }

    @Test("reference vector: RLP and hash (independent pure-Python RLP + Keccak from wire-facts §2.3)")
    func referenceVector() throws {
        let envelope = Envelope(expiry: 1_600_000_000, ttl: 15, topic: Topic(0xf894_6aac), data: Self.referenceData,
                                nonce: 0x01_0203_0405)
        let encoded = envelope.encoded()
        #expect(Hex.encode(encoded.prefix(16)) == "f90140845f5e10000f84f8946aacb901")
        #expect(Hex.encode(encoded.suffix(6)) == "850102030405")
        #expect(encoded.count == 0x140 + 3)
        #expect(envelope.hash.description == "0x493e20871b5f4c4885ecda663d864235d20b835ce5f7f796d558be03f091ec08")
        #expect(envelope.hash.bytes == Keccak256.hash(encoded))
        #expect(envelope.size == 320)
        #expect(envelope.sent == 1_600_000_000 - 15)
    }

    @Test("integers are minimal RLP integers (errata #9): 0 is 0x80, 15 is 0x0f, never fixed-width")
    func minimalIntegers() throws {
        let envelope = Envelope(expiry: 0, ttl: 15, topic: .zero, data: [], nonce: 0)
        #expect(Hex.encode(envelope.encoded()) == "c9800f84000000008080")
        #expect(RLP.encode(envelope.rlpItem) == envelope.encoded())
    }

    @Test("decode(encode(e)) == e for many shapes; hash of decoded bytes equals the hash of re-encoding")
    func roundTrip() throws {
        let nonces: [UInt64] = [0, 1, 0x7f, 0x80, 0xff, 0x100, .max]
        let expiries: [UInt32] = [0, 1, 0x7f, 0x80, 1_600_000_015, .max]
        let sizes = [0, 1, 55, 56, 300, 70_000]
        for (index, nonce) in nonces.enumerated() {
            let data = SecureRandom.bytes(sizes[index % sizes.count])
            let envelope = Envelope(expiry: expiries[index % expiries.count], ttl: UInt32(index * 1000), topic: Topic(UInt32(index) &* 0x0101_0101),
                                    data: data, nonce: nonce)
            let decoded = try Envelope(decoding: envelope.encoded())
            #expect(decoded == envelope)
            #expect(decoded.expiry == envelope.expiry && decoded.ttl == envelope.ttl && decoded.nonce == envelope.nonce)
            #expect(decoded.topic == envelope.topic && decoded.data == envelope.data)
            #expect(decoded.hash == envelope.hash)
            #expect(try Envelope(item: envelope.rlpItem).hash == envelope.hash)
        }
        let single = Envelope(expiry: 1, ttl: 1, topic: .zero, data: [0x05], nonce: 5)
        #expect(try Envelope(decoding: single.encoded()) == single)
    }

    @Test("Messages payload: list of envelopes round-trips; a bad element is named by index")
    func list() throws {
        let envelopes = (0..<5).map { Envelope(expiry: UInt32(100 + $0), ttl: 10, topic: Topic(UInt32($0)), data: SecureRandom.bytes($0 * 40)) }
        let payload = Envelope.encodeList(envelopes)
        #expect(try Envelope.decodeList(payload) == envelopes)
        #expect(try Envelope.decodeList(RLP.encode(.list([]))).isEmpty)
        let broken = RLP.encodeList(ofEncoded: [envelopes[0].encoded(), RLP.encode(.list([.uint(1)]))])
        #expect(throws: EnvelopeDecodingError.inList(index: 1, .missingField(.ttl))) { try Envelope.decodeList(broken) }
        #expect(throws: EnvelopeDecodingError.notAList) { try Envelope.decodeList(RLP.encode(.bytes([1, 2]))) }
    }

    /// `[expiry, ttl, topic, data, nonce]` with the given items replacing the defaults.
    func encoded(_ items: [RLPItem]) -> [UInt8] { RLP.encode(.list(items)) }
    static let good: [RLPItem] = [.uint(1_600_000_000), .uint(15), .bytes([1, 2, 3, 4]), .bytes([9, 9]), .uint(7)]
    func replacing(_ index: Int, with item: RLPItem) -> [UInt8] {
        var items = Self.good
        items[index] = item
        return encoded(items)
    }

    @Test("malformed envelopes are typed errors")
    func malformed() throws {
        #expect(throws: Never.self) { try Envelope(decoding: encoded(Self.good)) }
        let cases: [([UInt8], EnvelopeDecodingError)] = [
            ([], .malformedRLP(.truncated(needed: 1, available: 0))),
            (RLP.encode(.bytes([1, 2, 3])), .notAList),
            (encoded(Array(Self.good.prefix(4))), .missingField(.nonce)),
            (encoded([]), .missingField(.expiry)),
            (encoded(Self.good + [.uint(1)]), .extraFields(1)),
            (encoded(Self.good + [.bytes([]), .list([])]), .extraFields(2)),
            (replacing(2, with: .bytes([1, 2, 3])), .wrongTopicLength(3)),
            (replacing(2, with: .bytes([1, 2, 3, 4, 5])), .wrongTopicLength(5)),
            (replacing(2, with: .bytes([])), .wrongTopicLength(0)),
            (replacing(2, with: .list([])), .fieldIsList(.topic)),
            (replacing(3, with: .list([.bytes([1])])), .fieldIsList(.data)),
            (replacing(0, with: .bytes([0, 1])), .nonCanonicalInteger(.expiry)),
            (replacing(1, with: .bytes([0])), .nonCanonicalInteger(.ttl)),
            (replacing(4, with: .bytes([0, 0, 7])), .nonCanonicalInteger(.nonce)),
            (replacing(0, with: .bytes([1, 2, 3, 4, 5])), .integerTooLarge(.expiry, byteCount: 5)),
            (replacing(1, with: .bytes([1, 2, 3, 4, 5])), .integerTooLarge(.ttl, byteCount: 5)),
            (replacing(4, with: .bytes([1, 2, 3, 4, 5, 6, 7, 8, 9])), .integerTooLarge(.nonce, byteCount: 9)),
            (replacing(0, with: .list([])), .fieldIsList(.expiry)),
            (encoded(Self.good) + [0x00], .malformedRLP(.trailingBytes(1))),
        ]
        for (bytes, expected) in cases {
            #expect(throws: expected, "\(Hex.encode(bytes))") { try Envelope(decoding: bytes) }
        }
        // Truncated input: some RLP error, whatever its details.
        let truncated = Array(encoded(Self.good).dropLast())
        do {
            _ = try Envelope(decoding: truncated)
            Issue.record("truncated envelope decoded")
        } catch {
            guard case .malformedRLP = error else { Issue.record("unexpected \(error)"); return }
        }
        // Non-canonical RLP inside: a single byte < 0x80 wrapped as 81 xx (ttl = 81 0f).
        var wrapped = encoded(Self.good)
        let ttlOffset = 1 + 5   // list header, expiry (84 + 4 bytes)
        #expect(wrapped[ttlOffset] == 0x0f)
        wrapped.replaceSubrange(ttlOffset...ttlOffset, with: [0x81, 0x0f])
        wrapped[0] += 1
        #expect(throws: EnvelopeDecodingError.malformedRLP(.nonCanonicalSingleByte(0x0f))) { try Envelope(decoding: wrapped) }
    }

    @Test("randomized: decoding arbitrary and mutated bytes never traps")
    func neverTraps() {
        var generator = SystemRandomNumberGenerator()
        let seed = Envelope(expiry: 1_600_000_000, ttl: 15, topic: Topic(0xf894_6aac), data: Array(Self.referenceData.prefix(80)), nonce: 1234).encoded()
        var accepted = 0
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = seed
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let position = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes.removeSubrange(position..<Swift.min(bytes.count, position + Int.random(in: 1...8, using: &generator)))
                    default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                    }
                    if bytes.isEmpty { break }
                }
            }
            if let envelope = try? Envelope(decoding: bytes) {
                accepted += 1
                // Anything accepted is canonical: it re-encodes to the same bytes.
                #expect(envelope.encoded() == bytes)
            }
            _ = try? Envelope.decodeList(bytes)
        }
        #expect(accepted < 20_000)
    }
}
