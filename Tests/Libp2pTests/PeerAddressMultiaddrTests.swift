import Kernel
import Libp2pCore
import Primitives
import Testing

/// Multiaddrs wherever enode URLs are accepted: the kernel's `PeerAddress` reads the dialable subset.
@Suite struct PeerAddressMultiaddrTests {
    static let peer = "16Uiu2HAkuqGKz8D6khfrnJnDrN5VxWWCoLU8Aq4eCFJuyXmfakB5"

    @Test func dialableMultiaddrsParseAndPrintBack() throws {
        let address = try PeerAddress(parsing: "/ip4/10.1.2.3/tcp/30304/p2p/\(Self.peer)")
        #expect(address.scheme == "multiaddr" && address.host == "10.1.2.3" && address.port == 30304)
        #expect(address.peerID?.bytes == (try Libp2pPeerID(parsing: Self.peer)).bytes)
        #expect(address.description == "/ip4/10.1.2.3/tcp/30304/p2p/\(Self.peer)")
        #expect(try PeerAddress(parsing: "/ip6/::1/tcp/1").description == "/ip6/::1/tcp/1")
        #expect(try PeerAddress(parsing: "/dns4/node.example/tcp/443/ipfs/\(Self.peer)").host == "node.example")
        #expect(try PeerAddress(parsing: "/ip4/1.2.3.4/tcp/5").peerID == nil)
    }

    @Test func undialableOrMalformedMultiaddrsAreRejected() {
        for text in ["/ip4/1.2.3.4", "/ip4/1.2.3.4/udp/5", "/ip4/1.2.3/tcp/5", "/ip4/1.2.3.4/tcp/0", "/ip4/1.2.3.4/tcp/70000",
                     "/ip6/1.2.3.4/tcp/5", "/ip4/1.2.3.4/tcp/5/p2p/notbase58!", "/ip4/1.2.3.4/tcp/5/p2p/\(Self.peer)/extra",
                     "/onion3/abc/tcp/5", "/ip4//tcp/5", "/ip4/1.2.3.4/tcp/5/p2p/1111"] {
            #expect(throws: PeerAddressError.self, "\(text)") { try PeerAddress(parsing: text) }
        }
    }

    /// The kernel's own mapping (used by pex/1 and self-detection) agrees with Libp2pCore's peer ids.
    @Test func kernelSecp256k1PeerIDsMatchLibp2pCore() throws {
        for _ in 0..<5 {
            let key = PrivateKey.generate()
            let kernelID = PeerID.libp2p(secp256k1: key.publicKey)
            #expect(kernelID.bytes == Libp2pIdentityKey.secp256k1(key).peerID.bytes)
            #expect(kernelID.secp256k1PublicKey == key.publicKey)
            #expect(PeerID(publicKey: key.publicKey).secp256k1PublicKey == key.publicKey)
        }
        #expect(PeerID(Libp2pIdentityKey.ed25519(.init()).peerID.bytes).secp256k1PublicKey == nil)
    }
}
