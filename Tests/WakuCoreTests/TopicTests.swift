import Primitives
import Testing
@testable import WakuCore

@Suite("Topic")
struct TopicTests {
    @Test("contact-discovery hashes to the published 0xf8946aac (errata #18, #25)")
    func genericDiscovery() {
        #expect(Topic(hashing: "contact-discovery") == Topic(0xf894_6aac))
        #expect(StatusTopic.genericDiscovery.bytes == [0xf8, 0x94, 0x6a, 0xac])
        #expect(StatusTopic.genericDiscovery.description == "0xf8946aac")
    }

    @Test("string form as status-go prints it (waku/common/topic_test.go)")
    func stringForm() throws {
        let cases: [([UInt8], String)] = [
            ([0x00, 0x00, 0x00, 0x00], "0x00000000"), ([0x00, 0x7f, 0x80, 0xff], "0x007f80ff"),
            ([0xff, 0x80, 0x7f, 0x00], "0xff807f00"), ([0xf2, 0x6e, 0x77, 0x79], "0xf26e7779"),
        ]
        for (bytes, text) in cases {
            let topic = try Topic(bytes: bytes)
            #expect(topic.description == text)
            #expect(try Topic(hex: text) == topic)
            #expect(topic.bytes == bytes)
        }
    }

    @Test("wrong lengths and bad hex are typed errors (status-go's bad JSON topics)")
    func parsingErrors() throws {
        #expect(throws: TopicError.wrongLength(3)) { try Topic(bytes: [1, 2, 3]) }
        #expect(throws: TopicError.wrongLength(5)) { try Topic(bytes: [1, 2, 3, 4, 5]) }
        #expect(throws: TopicError.wrongLength(0)) { try Topic(bytes: []) }
        for bad in ["0x000000", "0x0000000", "0x000000000", "0x0000000000", "000000", "0000000", "abcdefg0"] {
            #expect(throws: TopicError.self) { try Topic(hex: bad) }
        }
    }
}
