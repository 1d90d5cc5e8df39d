import Primitives
import Testing
@testable import Libp2pCore

@Suite struct MultistreamTests {
    @Test func messageFraming() throws {
        // "/multistream/1.0.0\n" is 19 bytes: 0x13 prefix (multistream-select README).
        #expect(Hex.encode(Multistream.encode(Multistream.header)) == "13" + Hex.encode(Array("/multistream/1.0.0\n".utf8)))
        var buffer = Multistream.encode(Multistream.header) + Multistream.encode("/noise") + Multistream.encode("na")
        #expect(try Multistream.decode(&buffer) == "/multistream/1.0.0")
        #expect(try Multistream.decode(&buffer) == "/noise")
        #expect(try Multistream.decode(&buffer) == "na")
        #expect(buffer.isEmpty)
    }

    @Test func partialInputWaitsForMore() throws {
        let whole = Multistream.encode("/yamux/1.0.0")
        for cut in 0..<whole.count {
            var partial = Array(whole[..<cut])
            #expect(try Multistream.decode(&partial) == nil)
            #expect(partial.count == cut)
        }
    }

    @Test func lsRoundTrip() throws {
        var buffer = Multistream.encodeList(["/yamux/1.0.0", "/mplex/6.7.0"])
        let body = try #require(try Multistream.decode(&buffer))
        #expect(try Multistream.decodeList(body) == ["/yamux/1.0.0", "/mplex/6.7.0"])
    }

    @Test func malformedLinesThrow() {
        let cases: [([UInt8], MultistreamError)] = [
            ([0x03, 0x61, 0x62, 0x63], .missingNewline),
            ([0x00], .missingNewline),
            ([0x81, 0x10] + [UInt8](repeating: 0x61, count: 10), .lineTooLong(2049)),
            ([0x02, 0xff, 0x0a], .notUTF8),
            ([UInt8](repeating: 0xff, count: 11), .badVarint),
        ]
        for (bytes, error) in cases {
            var buffer = bytes
            #expect(throws: error) { try Multistream.decode(&buffer) }
        }
    }
}
