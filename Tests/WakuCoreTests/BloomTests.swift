import Testing
@testable import WakuCore

@Suite("Bloom")
struct BloomTests {
    /// Non-zero bytes of a filter.
    func setBytes(_ bloom: Bloom) -> [Int: UInt8] {
        var out: [Int: UInt8] = [:]
        for (index, byte) in bloom.bytes.enumerated() where byte != 0 { out[index] = byte }
        return out
    }

    @Test("hand-computed: 0xf8946aac → bits 248, 148, 362 (topic[3] = 0xac sets only the third +256)")
    func contactDiscovery() {
        // j=0: 0xf8 = 248, bit0(0xac)=0 → byte 31 bit 0; j=1: 0x94 = 148, bit1=0 → byte 18 bit 4;
        // j=2: 0x6a + 256 = 362, bit2=1 → byte 45 bit 2.
        #expect(setBytes(Bloom(topic: Topic(0xf894_6aac))) == [31: 0x01, 18: 0x10, 45: 0x04])
    }

    @Test("quirk (errata #14): indices 1, 2, 3 share byte 0, so only the last bit (3) survives")
    func assignmentQuirk() throws {
        let bloom = Bloom(topic: try Topic(bytes: [0x01, 0x02, 0x03, 0x00]))
        #expect(setBytes(bloom) == [0: 0x08])      // OR-ing would give 0x0e
        // Same byte but the later index is lower: index 7 then 0 → only bit 0.
        #expect(setBytes(Bloom(topic: try Topic(bytes: [0x05, 0x07, 0x00, 0x00]))) == [0: 0x01])
        // topic[3] bits move indices into the upper half.
        #expect(setBytes(Bloom(topic: try Topic(bytes: [0x00, 0x00, 0x10, 0x05]))) == [32: 0x01, 0: 0x01, 34: 0x01])
    }

    @Test("the union of several topics is a plain OR; only per-topic construction has the quirk")
    func union() throws {
        let a = try Topic(bytes: [0x01, 0x02, 0x03, 0x00])   // byte 0 = 0x08
        let b = try Topic(bytes: [0x00, 0x09, 0x0a, 0x00])   // byte 0 = 0x01, byte 1 = 0x04 (9 then 10 → bit 2)
        let both = Bloom(topics: [a, b])
        #expect(setBytes(both) == [0: 0x09, 1: 0x04])
        #expect(both == Bloom(topic: a).union(Bloom(topic: b)))
        #expect(both.matches(topic: a) && both.matches(topic: b))
        #expect(Bloom(topics: []) == .empty)
    }

    @Test("match semantics: filter ⊇ sample; full matches all, empty matches none")
    func matching() throws {
        let topic = Topic(0xf894_6aac)
        #expect(Bloom.full.matches(topic: topic))
        #expect(!Bloom.empty.matches(topic: topic))
        #expect(Bloom(topic: topic).matches(topic: topic))
        #expect(!Bloom(topic: Topic(hashing: "status")).matches(topic: topic))
        #expect(Bloom.full.isFull && Bloom.empty.isEmpty)
        #expect(throws: BloomError.wrongLength(63)) { try Bloom(bytes: [UInt8](repeating: 0, count: 63)) }
        #expect(try Bloom(bytes: Bloom.full.bytes) == .full)
    }

    @Test("topic interest: topic list or bloom")
    func interest() {
        let wanted = Topic(hashing: "status"), other = Topic(hashing: "other")
        #expect(TopicInterest.topics([wanted]).matches(wanted))
        #expect(!TopicInterest.topics([wanted]).matches(other))
        #expect(!TopicInterest.topics([]).matches(wanted))   // empty list = interested in nothing
        #expect(TopicInterest.everything.matches(other))
        #expect(TopicInterest.topics([wanted]).bloom == Bloom(topic: wanted))
    }
}
