import Discv5
import Primitives
import Testing

/// Every decoder rejects bad input with a typed error (never a trap).
@Suite struct WireMalformedTests {
    let codec = PacketCodec()
    let local = hex(Discv5Vectors.PingMessage.destNodeId)
    let source = hex(Discv5Vectors.PingMessage.srcNodeId)
    let iv = [UInt8](repeating: 7, count: 16)

    /// A packet built from a raw (possibly invalid) header, masked for `local`.
    func packet(header: [UInt8], message: [UInt8]) throws -> [UInt8] {
        try codec.encode(maskingIV: iv, destinationID: local, header: header, messageCiphertext: message)
    }

    func staticHeader(protocolID: String = "discv5", version: UInt16 = 1, flag: UInt8, authSize: Int) -> [UInt8] {
        Array(protocolID.utf8) + [UInt8(version >> 8), UInt8(version & 0xff), flag] + [UInt8](repeating: 1, count: 12)
            + [UInt8(authSize >> 8), UInt8(authSize & 0xff)]
    }

    func decodeError(_ bytes: [UInt8]) -> Discv5WireError? {
        do { _ = try codec.decode(bytes, localID: local); return nil } catch { return error }
    }

    @Test func sizeLimits() {
        #expect(decodeError([UInt8](repeating: 0, count: 62)) == .packetTooSmall(62))
        #expect(decodeError([UInt8](repeating: 0, count: 1281)) == .packetTooLarge(1281))
        #expect(decodeError([]) == .packetTooSmall(0))
    }

    @Test func wrongProtocolIDOrWrongRecipient() throws {
        let waku = PacketCodec(protocolID: .waku)
        let header = waku.header(nonce: [UInt8](repeating: 0, count: 12), auth: .message(sourceID: source))
        let bytes = try waku.encode(maskingIV: iv, destinationID: local, header: header, messageCiphertext: [UInt8](repeating: 0, count: 20))
        #expect(decodeError(bytes) == .wrongProtocolID)
        #expect(throws: Never.self) { try waku.decode(bytes, localID: local) }
        // Masked for another node id: unmasking yields garbage, not "discv5".
        #expect(throws: Discv5WireError.wrongProtocolID) { try codec.decode(hex(Discv5Vectors.PingMessage.encoded), localID: source) }
        #expect(throws: Discv5WireError.badProtocolID(5)) { try Discv5ProtocolID("short") }
    }

    @Test func versionAndFlag() throws {
        let v2 = try packet(header: staticHeader(version: 2, flag: 0, authSize: 32) + source, message: [UInt8](repeating: 0, count: 16))
        #expect(decodeError(v2) == .unsupportedVersion(2))
        let flag3 = try packet(header: staticHeader(flag: 3, authSize: 32) + source, message: [UInt8](repeating: 0, count: 16))
        #expect(decodeError(flag3) == .unknownFlag(3))
    }

    @Test func authdataSizes() throws {
        let truncated = try packet(header: staticHeader(flag: 0, authSize: 1000) + source, message: [UInt8](repeating: 0, count: 16))
        #expect(decodeError(truncated) == .truncatedHeader(authdataSize: 1000, available: 48))
        let short = try packet(header: staticHeader(flag: 0, authSize: 31) + source.prefix(31), message: [UInt8](repeating: 0, count: 16))
        #expect(decodeError(short) == .badAuthdataSize(flag: 0, size: 31))
        let whoareyou = try packet(header: staticHeader(flag: 1, authSize: 25) + [UInt8](repeating: 0, count: 25), message: [])
        #expect(decodeError(whoareyou) == .badAuthdataSize(flag: 1, size: 25))
        let handshakeShort = try packet(header: staticHeader(flag: 2, authSize: 33) + [UInt8](repeating: 0, count: 33), message: [UInt8](repeating: 0, count: 16))
        #expect(decodeError(handshakeShort) == .badAuthdataSize(flag: 2, size: 33))
        let badSizes = source + [65, 33] + [UInt8](repeating: 0, count: 98)
        let handshakeSig = try packet(header: staticHeader(flag: 2, authSize: badSizes.count) + badSizes, message: [UInt8](repeating: 0, count: 16))
        #expect(decodeError(handshakeSig) == .badHandshakeKeySizes(signature: 65, ephemeralKey: 33))
        let overrun = source + [64, 33] + [UInt8](repeating: 0, count: 50)
        let handshakeOverrun = try packet(header: staticHeader(flag: 2, authSize: overrun.count) + overrun, message: [UInt8](repeating: 0, count: 16))
        #expect(decodeError(handshakeOverrun) == .badHandshakeKeySizes(signature: 64, ephemeralKey: 33))
    }

    @Test func messagePresence() throws {
        let noMessage = try packet(header: staticHeader(flag: 0, authSize: 32) + source, message: [1, 2, 3])
        #expect(decodeError(noMessage) == .missingMessage)
        let whoareyouWithMessage = try packet(header: staticHeader(flag: 1, authSize: 24) + [UInt8](repeating: 0, count: 24), message: [1])
        #expect(decodeError(whoareyouWithMessage) == .unexpectedMessageBytes(1))
    }

    /// Every prefix and every single-byte corruption of the official packets either decodes or throws.
    @Test func truncationsAndBitFlipsNeverTrap() {
        for vector in [Discv5Vectors.PingMessage.encoded, Discv5Vectors.Whoareyou.encoded, Discv5Vectors.Handshake.encoded,
                       Discv5Vectors.HandshakeWithRecord.encoded] {
            let bytes = hex(vector)
            for length in 0..<bytes.count {
                #expect(decodeError(Array(bytes.prefix(length))) != nil || length >= 63)
            }
            for index in 0..<bytes.count {
                var corrupted = bytes
                corrupted[index] ^= 0x5a
                _ = decodeError(corrupted)
            }
        }
    }

    @Test func messageDecoderRejectsBadPlaintexts() {
        func error(_ bytes: [UInt8]) -> Discv5WireError? {
            do { _ = try Discv5Message(decoding: bytes); return nil } catch { return error }
        }
        #expect(error([]) == .emptyMessage)
        #expect(error([0x00, 0xc0]) == .unknownMessageType(0))
        #expect(error([0x07, 0xc0]) == .unknownMessageType(7))
        #expect(error([0x01]) != nil)
        #expect(error([0x01, 0xc0]) != nil)                                           // PING without fields
        #expect(error([0x01] + RLP.encode(.list([.bytes([UInt8](repeating: 1, count: 9)), .uint(1)]))) != nil)  // 9-byte request-id
        #expect(error([0x02] + RLP.encode(.list([.bytes([1]), .uint(1), .bytes([1, 2, 3, 4, 5]), .uint(1)]))) != nil)
        #expect(error([0x02] + RLP.encode(.list([.bytes([1]), .uint(1), .bytes([1, 2, 3, 4]), .uint(70_000)]))) != nil)
        #expect(error([0x03] + RLP.encode(.list([.bytes([1]), .list([.uint(257)])]))) != nil)
        #expect(error([0x03] + RLP.encode(.list([.bytes([1]), .uint(3)]))) != nil)   // distances not a list
        #expect(error([0x04] + RLP.encode(.list([.bytes([1]), .uint(1)]))) != nil)   // NODES without records
        #expect(error([0x04] + RLP.encode(.list([.bytes([1]), .uint(300), .list([])]))) != nil)  // total > 255
        #expect(error([0x04] + RLP.encode(.list([.bytes([1]), .uint(1), .bytes([1])]))) != nil)
        #expect(error([0x05, 0xc2, 0x81]) != nil)                                     // truncated RLP
        #expect(error([0x06] + RLP.encode(.list([.bytes([1])]))) != nil)
    }

    @Test func messagesRoundTrip() throws {
        let record = try NodeRecord.build(seq: 3, ip: [127, 0, 0, 1], udp: 9000, signingWith: PrivateKey.generate())
        let messages: [Discv5Message] = [
            .ping(requestID: [1], enrSeq: 0), .ping(requestID: [1, 2, 3, 4, 5, 6, 7, 8], enrSeq: .max),
            .pong(requestID: [9], enrSeq: 5, recipientIP: [10, 0, 0, 1], recipientPort: 30303),
            .pong(requestID: [9], enrSeq: 5, recipientIP: [UInt8](repeating: 0xfe, count: 16), recipientPort: 1),
            .findNode(requestID: [2], distances: [0, 1, 255, 256]), .findNode(requestID: [], distances: []),
            .nodes(requestID: [3], total: 2, records: [record.rlpBytes, record.rlpBytes]), .nodes(requestID: [3], total: 1, records: []),
            .talkRequest(requestID: [4], protocolName: Array("waku".utf8), request: [1, 2, 3]),
            .talkResponse(requestID: [4], response: []),
        ]
        for message in messages {
            #expect(try Discv5Message(decoding: message.encoded) == message)
        }
    }
}
