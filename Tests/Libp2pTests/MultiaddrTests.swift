import Primitives
import Testing
@testable import Libp2pCore

/// multiformats/multiaddr conversion cases (as the go-/js-/rust-multiaddr suites transcribe them).
@Suite struct MultiaddrTests {
    static let vectors: [(String, String)] = [
        ("/ip4/127.0.0.1/udp/1234", "047f000001910204d2"),
        ("/ip4/127.0.0.1/tcp/4321", "047f0000010610e1"),
        ("/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321", "047f000001910204d2047f0000010610e1"),
        ("/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095", "29200108a07ac542013ac986fffe317095"),
        ("/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC",
         "a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b"),
        ("/dns4/example.com/tcp/443", "360b6578616d706c652e636f6d0601bb"),
        ("/dns6/localhost/tcp/1", "37096c6f63616c686f7374060001"),
    ]

    @Test func publishedVectorsBothWays() throws {
        for (text, hex) in Self.vectors {
            let parsed = try Multiaddr(parsing: text)
            #expect(Hex.encode(parsed.bytes) == hex, "\(text)")
            let decoded = try Multiaddr(bytes: Hex.decode(hex))
            #expect(decoded.description == text)
            #expect(decoded == parsed)
        }
    }

    @Test func ipfsIsAnAliasOfP2PAndTrailingSlashIsAccepted() throws {
        let a = try Multiaddr(parsing: "/ip4/127.0.0.1/tcp/4001/ipfs/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC/")
        #expect(a.description == "/ip4/127.0.0.1/tcp/4001/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC")
        #expect(a.peerID?.base58 == "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC")
        #expect(a.tcpEndpoint?.host == "127.0.0.1" && a.tcpEndpoint?.port == 4001)
    }

    @Test func secp256k1PeerAndEthv4() throws {
        let text = "/ip4/127.0.0.1/tcp/40001/p2p/16Uiu2HAkuqGKz8D6khfrnJnDrN5VxWWCoLU8Aq4eCFJuyXmfakB5"
        let a = try Multiaddr(parsing: text)
        #expect(a.description == text)
        #expect(try Multiaddr(bytes: a.bytes) == a)
        let eth = try Multiaddr(parsing: "/ip4/1.2.3.4/tcp/30303/ethv4/16Uiu2HAkuqGKz8D6khfrnJnDrN5VxWWCoLU8Aq4eCFJuyXmfakB5")
        #expect(Array(eth.bytes[8..<10]) == [0xea, 0x03])   // code 0x01EA as a varint
        #expect(try Multiaddr(bytes: eth.bytes) == eth)
    }

    @Test func ip6CanonicalText() throws {
        #expect(try Multiaddr(parsing: "/ip6/::1/tcp/80").description == "/ip6/::1/tcp/80")
        #expect(try Multiaddr(parsing: "/ip6/2001:0db8:0000:0000:0000:0000:0000:0001/tcp/1").description == "/ip6/2001:db8::1/tcp/1")
    }

    @Test func malformedTextThrows() {
        let bad = ["", "ip4/1.2.3.4", "/", "//", "/ip4", "/ip4/1.2.3", "/ip4/1.2.3.256", "/ip4/01.2.3.4", "/ip4/1.2.3.4/tcp",
                   "/ip4/1.2.3.4/tcp/65536", "/ip4/1.2.3.4/tcp/-1", "/ip4/1.2.3.4/tcp/0x10", "/ip6/::g", "/ip6/1.2.3.4",
                   "/tcp/80/foo/1", "/onion/aaimaq4ygg2iegci:80", "/p2p/notapeerid", "/dns4/", "/ip4/1.2.3.4//tcp/1",
                   "/ip4/1.2.3.4/tcp/1" + String(repeating: "/tcp/1", count: 300)]
        for text in bad {
            #expect(throws: Libp2pCodecError.self, "\(text)") { try Multiaddr(parsing: text) }
        }
    }

    @Test func malformedBytesThrow() throws {
        let bad = ["", "04", "047f0000", "06", "0601", "29200108", "36", "3605616263", "a503", "a50322", "a5030212",
                   "ff", "ffffffffffffffffffffff01", "8000", "bc030010c0439831b48218480050", "360180", "3600"]
        for hex in bad {
            #expect(throws: Libp2pCodecError.self, "\(hex)") { try Multiaddr(bytes: Hex.decode(hex)) }
        }
        #expect(throws: Libp2pCodecError.self) { try Multiaddr(bytes: [UInt8](repeating: 0x06, count: 2000)) }
    }
}
