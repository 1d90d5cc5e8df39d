import Crypto
import Foundation
import Kernel
import Libp2pCore
import Primitives
import Testing
import TestKit
@testable import Libp2p

/// Live interop with py-libp2p 0.8.1 on 127.0.0.1, both directions: Noise XX with a secp256k1 or Ed25519
/// identity, yamux, identify both ways (peer ids and protocols each side sees), ping both ways.
/// Each muxer is tested: the dialer's preference (Parley's `muxers` or py-libp2p's `muxer_preference`)
/// decides between /yamux/1.0.0 and /mplex/6.7.0.
@Suite(.serialized) struct PyLibp2pInteropTests {
    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory()])

    @Test(.enabled(if: PyLibp2pPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p interop skipped"),
          arguments: [("YAMUX", "secp256k1"), ("YAMUX", "ed25519"), ("MPLEX", "secp256k1")])
    func parleyDialsPyLibp2p(muxer: String, keyType: String) async throws {
        let py = try PyLibp2pPeer(arguments: ["listen", muxer, keyType])
        defer { py.terminate() }
        let hello = try await py.line(0)
        let addr = try #require(hello["addr"] as? String)
        let pyPeer = try Libp2pPeerID(parsing: try #require(hello["peer_id"] as? String))
        let identity = Libp2pIdentityKey.secp256k1(PrivateKey.generate())
        let preferred = muxer == "MPLEX" ? MuxerName.mplex : MuxerName.yamux
        let client = Libp2pClient(identity: identity, muxers: [preferred] + MuxerName.supported.filter { $0 != preferred })
        let connection = try await client.connect(try Multiaddr(parsing: addr))
        #expect(connection.remotePeer == pyPeer)
        #expect(connection.muxer == preferred)
        // Parley identifies py-libp2p and pings it.
        let record = try await connection.identify()
        #expect(record.protocols.contains("/ipfs/ping/1.0.0"))
        #expect(record.protocols.contains("/ipfs/id/1.0.0"))
        for _ in 0..<3 { #expect(try await connection.ping() > .zero) }
        // py-libp2p identifies Parley and pings it over the same connection.
        py.send("identify \(identity.peerID.base58)")
        let seen = try #require(try await py.line(1)["identify"] as? [String: Any])
        let protocols = try #require(seen["protocols"] as? [String])
        #expect(protocols.contains("/ipfs/ping/1.0.0") && protocols.contains("/ipfs/id/1.0.0"))
        #expect((seen["agent"] as? String)?.hasPrefix("parley/") == true)
        py.send("ping \(identity.peerID.base58) 3")
        let rtts = try #require(try await py.line(2)["rtts_ms"] as? [Int])
        #expect(rtts.count == 3 && rtts.allSatisfy { $0 >= 0 })   // whole milliseconds; a mismatched pong raises in py-libp2p
        await connection.close()
        await client.shutdown()
    }

    @Test(.enabled(if: PyLibp2pPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p interop skipped"),
          arguments: [("YAMUX", "secp256k1"), ("YAMUX", "ed25519"), ("MPLEX", "ed25519")])
    func pyLibp2pDialsParley(muxer: String, keyType: String) async throws {
        defer { harness.cleanUp() }
        let kernel = try harness.kernel("parley", registry: harness.registry(including: [EchoPlugin.factory()]))
        try await kernel.start(harness.profile("parley", "plugins: { libp2p: { host: 127.0.0.1, port: 0 }, echo: }"))
        let port = try #require(await kernel.status().network.listenPorts["libp2p"])
        let parleyPeer = Libp2pPlugin.peerID(of: kernel.identity)
        let py = try PyLibp2pPeer(arguments: ["dial", muxer, keyType, "/ip4/127.0.0.1/tcp/\(port)/p2p/\(parleyPeer)", "3"])
        defer { py.terminate() }
        let result = try await py.line(0)
        #expect(result["remote"] as? String == parleyPeer.base58)
        let seen = try #require(result["identify"] as? [String: Any])
        let protocols = try #require(seen["protocols"] as? [String])
        #expect(protocols.contains("/ipfs/ping/1.0.0") && protocols.contains("/parley/echo/1"))
        #expect((seen["observed"] as? String)?.hasPrefix("/ip4/127.0.0.1/tcp/") == true)
        #expect((seen["muxer"] as? String)?.lowercased().contains(muxer.lowercased()) == true, "py-libp2p chose \(seen["muxer"] ?? "?")")
        let rtts = try #require(result["rtts_ms"] as? [Int])
        #expect(rtts.count == 3 && rtts.allSatisfy { $0 >= 0 })   // whole milliseconds; a mismatched pong raises in py-libp2p
        #expect(try Libp2pPeerID(parsing: try #require(result["peer_id"] as? String)).base58.isEmpty == false)
        await kernel.stop()
    }
}
