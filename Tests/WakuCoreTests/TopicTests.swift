import Primitives
import Testing
@testable import WakuCore

@Suite("Topic")
struct TopicTests {
    @Test("contact-discovery hashes to the published 0xf8946aac")
    func genericDiscovery() {
        #expect(Topic(hashing: "contact-discovery") == Topic(0xf894_6aac))
        #expect(Topic(hashing: "contact-discovery").bytes == [0xf8, 0x94, 0x6a, 0xac])
        #expect(Topic(hashing: "contact-discovery").description == "0xf8946aac")
    }

    @Test("bytes and hex round-trip; wrong lengths are typed errors")
    func parsing() throws {
        let topic = try Topic(bytes: [1, 2, 3, 4])
        #expect(topic.value == 0x0102_0304)
        #expect(try Topic(hex: "0x01020304") == topic)
        #expect(throws: TopicError.wrongLength(3)) { try Topic(bytes: [1, 2, 3]) }
        #expect(throws: TopicError.wrongLength(5)) { try Topic(bytes: [1, 2, 3, 4, 5]) }
        #expect(throws: TopicError.invalidHex("zz")) { try Topic(hex: "zz") }
    }
}
