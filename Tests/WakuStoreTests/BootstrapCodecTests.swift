import Kernel
import Primitives
import Testing
@testable import Bootstrap

/// `pex/1` packets: exact encodings, round trips, and malformed input that must be rejected with a
/// `PexError` (never a trap).
@Suite struct BootstrapCodecTests {
    @Test func announceEncodesAsAListOfPortAndBool() throws {
        #expect(Hex.encode(PexAnnounce(tcpPort: 30303, serving: true).encoded()) == "c482765f01")
        #expect(Hex.encode(PexAnnounce(tcpPort: 0, serving: false).encoded()) == "c28080")
        #expect(Hex.encode(PexAnnounce(tcpPort: 65535, serving: false).encoded()) == "c482ffff80")
        for announce in [PexAnnounce(tcpPort: 0, serving: true), PexAnnounce(tcpPort: 1, serving: false),
                         PexAnnounce(tcpPort: 65535, serving: true)] {
            #expect(try PexAnnounce(decoding: announce.encoded()) == announce)
        }
        #expect(!PexAnnounce(tcpPort: 0, serving: true).isDialable)
        #expect(PexAnnounce(tcpPort: 1, serving: false).isDialable)
    }

    @Test func announceIgnoresExtraTrailingItems() throws {
        #expect(try PexAnnounce(decoding: Hex.decode("c58276610180")) == PexAnnounce(tcpPort: 0x7661, serving: true))
    }

    @Test(arguments: [
        "",              // nothing
        "80",            // not a list
        "c0",            // no port
        "c180",          // no serving flag
        "c28002",        // bool 02
        "c2800180",      // trailing byte after the list
        "c38080808000",  // trailing byte after a longer list
        "c48200500" + "1", // port with a leading zero
        "c58301000001",  // port 65536
        "c2c080",        // port is a list
        "c3",            // truncated
        "ff",            // truncated long list
    ]) func malformedAnnouncesAreRejected(hex: String) throws {
        let payload = try Hex.decode(hex)
        #expect(throws: PexError.self) { try PexAnnounce(decoding: payload) }
    }

    @Test func getPeersLimitMustBeOneToSixtyFour() throws {
        #expect(Hex.encode(PexGetPeers(limit: 16).encoded()) == "c110")
        #expect(try PexGetPeers(decoding: Hex.decode("c101")).limit == 1)
        #expect(try PexGetPeers(decoding: Hex.decode("c140")).limit == 64)
        #expect(throws: PexError.limitOutOfRange(0)) { try PexGetPeers(decoding: Hex.decode("c180")) }
        #expect(throws: PexError.limitOutOfRange(65)) { try PexGetPeers(decoding: Hex.decode("c141")) }
        #expect(throws: PexError.limitOutOfRange(UInt64.max)) { try PexGetPeers(decoding: Hex.decode("c988ffffffffffffffff")) }
        for bad in ["", "c0", "c1c0", "10", "c28110", "c20010"] {
            #expect(throws: PexError.self) { try PexGetPeers(decoding: Hex.decode(bad)) }
        }
    }

    @Test func peersRoundTripAndLayout() throws {
        #expect(Hex.encode(PexPeers(entries: []).encoded()) == "c0")
        let key = PrivateKey.generate().publicKey.raw64
        let one = PexPeers(entries: [PexPeerEntry(publicKey: key, host: "127.0.0.1", port: 30303)])
        let bytes = one.encoded()
        // [[b840 key(64), 89 "127.0.0.1", 82765f]]: entry payload 79 → f84f, list payload 81 → f851.
        #expect(Hex.encode(Array(bytes.prefix(6))) == "f851f84fb840")
        #expect(bytes.count == 83)
        #expect(Hex.encode(Array(bytes.suffix(13))) == "893132372e302e302e3182765f")
        #expect(try PexPeers(decoding: bytes) == one)
        let many = PexPeers(entries: (0..<PexCapability.maxLimit).map { bootstrapEntry(port: UInt16($0 + 1)) })
        #expect(try PexPeers(decoding: many.encoded()) == many)
        #expect(many.encoded().count < PexCapability.maxPacketBytes)
    }

    @Test func peersRejectsBadShapes() throws {
        let key = [UInt8](repeating: 1, count: 64)
        func list(_ entries: [RLPItem]) -> [UInt8] { RLP.encode(.list(entries)) }
        let cases: [[UInt8]] = [
            [], [0x80], [0xc1],
            list([.bytes(key)]),                                                   // entry is not a list
            list([[.bytes(Array(key.dropLast())), .string("h"), .uint(1)]]),       // 63-byte key
            list([[.bytes(key + [0]), .string("h"), .uint(1)]]),                   // 65-byte key
            list([[.bytes(key), .bytes([0xff, 0xfe]), .uint(1)]]),                  // host not UTF-8
            list([[.bytes(key), .string("h"), .uint(65536)]]),                      // port > 16 bits
            list([[.bytes(key), .string("h")]]),                                    // port missing
            list([[.bytes(key), .list([]), .uint(1)]]),                              // host is a list
            list([[.bytes(key), .string("h"), .bytes([0, 1])]]),                    // port with a leading zero
        ]
        for payload in cases {
            #expect(throws: PexError.self, "\(Hex.encode(payload))") { try PexPeers(decoding: payload) }
        }
        let tooMany = list((0...PexCapability.maxLimit).map { _ in [.bytes(key), .string("h"), .uint(1)] })
        #expect(throws: PexError.tooManyEntries(count: 65, limit: 64)) { try PexPeers(decoding: tooMany) }
        // Extra items in an entry are ignored (forward compatibility).
        let extended = list([[.bytes(key), .string("h"), .uint(7), .string("future")]])
        #expect(try PexPeers(decoding: extended).entries == [PexPeerEntry(publicKey: key, host: "h", port: 7)])
    }

    @Test func everyTruncationOfAPeersAnswerIsRejected() throws {
        let bytes = PexPeers(entries: [bootstrapEntry(), bootstrapEntry(host: "::1", port: 9)]).encoded()
        for length in 0..<bytes.count {
            #expect(throws: PexError.self) { try PexPeers(decoding: Array(bytes.prefix(length))) }
        }
    }

    @Test func packetsCheckSizeAndCodeFirst() throws {
        let big = FramedMessage(code: 2, payload: [UInt8](repeating: 0xc0, count: PexCapability.maxPacketBytes + 1))
        #expect(throws: PexError.oversize(code: 2, size: PexCapability.maxPacketBytes + 1)) { try PexPacket(decoding: big) }
        #expect(throws: PexError.unknownCode(3)) { try PexPacket(decoding: FramedMessage(code: 3, payload: [0xc0])) }
        #expect(throws: PexError.unknownCode(0x10)) { try PexPacket(decoding: FramedMessage(code: 0x10, payload: [])) }
        for packet in [PexPacket.announce(PexAnnounce(tcpPort: 5, serving: true)), .getPeers(PexGetPeers(limit: 3)),
                       .peers(PexPeers(entries: [bootstrapEntry()]))] {
            #expect(try PexPacket(decoding: packet.framed) == packet)
        }
    }

    @Test func randomBytesNeverTrap() throws {
        var generator = SystemRandomNumberGenerator()
        var decoded = 0
        for round in 0..<6000 {
            let length = Int.random(in: 0...96, using: &generator)
            var payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 3 == 0, !payload.isEmpty { payload[0] = 0xc0 | (payload[0] & 0x3f) }  // mostly lists
            let code = UInt64(round % 4)
            if let packet = try? PexPacket(decoding: FramedMessage(code: code, payload: payload)) {
                decoded += 1
                #expect(try PexPacket(decoding: packet.framed) == packet)
            }
        }
        #expect(decoded < 6000)
    }

    @Test func entryValidationRejectsWhatCannotBeDialled() throws {
        let good = bootstrapEntry(host: "node-1.example.org", port: 30303)
        #expect(try good.validated(index: 0) == good)
        #expect(throws: Never.self) { try bootstrapEntry(host: "::1").validated(index: 0) }
        #expect(throws: Never.self) { try bootstrapEntry(host: "127.0.0.1").validated(index: 0) }
        let notOnCurve = PexPeerEntry(publicKey: [UInt8](repeating: 0, count: 64), host: "10.0.0.1", port: 1)
        #expect(throws: PexError.self) { try notOnCurve.validated(index: 3) }
        #expect(throws: PexError.badEntry(index: 3, reason: "the key is not a valid secp256k1 public key")) {
            try notOnCurve.validated(index: 3)
        }
        for host in ["", String(repeating: "a", count: 254), "a b", "x@y", "evil/../", "ünïcode", "h\n"] {
            #expect(throws: PexError.self, "host \(host)") { try bootstrapEntry(host: host).validated(index: 0) }
        }
        #expect(throws: PexError.self) { try bootstrapEntry(port: 0).validated(index: 0) }
    }

    @Test func entriesBecomeAddressesOfTheAnswersTransport() throws {
        let entry = bootstrapEntry(host: "127.0.0.1", port: 4000)
        let enode = entry.address(scheme: "enode")
        #expect(enode.peerID == PeerID(entry.publicKey))
        #expect(enode.description == "enode://\(Hex.encode(entry.publicKey))@127.0.0.1:4000")
        #expect(try PeerAddress(parsing: enode.description) == enode)
        let memory = PexPeerEntry(publicKey: entry.publicKey, host: "node-a", port: PexCapability.portlessDialable)
            .address(scheme: "memory")
        #expect(memory.description == "memory://node-a")
        #expect(memory.port == 0 && memory.peerID == PeerID(entry.publicKey))
    }

    @Test func errorsSayWhatHappenedAndHowBadItIs() {
        #expect(PexError.unsolicitedPeers.penalty.points == PeerPenalty.protocolViolation("").points)
        #expect(PexError.announceTimedOut(seconds: 10).penalty.points == PeerPenalty.minor("").points)
        #expect(!PexError.rateLimited(.getPeers, perSecond: 1).endsConnection)
        #expect(PexError.rateLimited(.getPeers, perSecond: 1).penalty.reason.contains("too many GetPeers"))
        #expect(PexError.oversize(code: 2, size: 70000).description.contains("65536"))
        #expect(BootstrapSetupError.protocolAlreadyServed(plugin: "bootstrap").description.contains("not both"))
    }
}
