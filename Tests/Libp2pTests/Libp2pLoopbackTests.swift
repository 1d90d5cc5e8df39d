import Crypto
import Foundation
import Kernel
import Libp2pCore
import Primitives
import StaticPeers
import Testing
import TestKit
@testable import Libp2p

/// Parley nodes speaking libp2p to each other over real loopback TCP: upgrade, Parley protocols on
/// yamux streams, flow control beyond one window, identify, ping, and hostile raw peers.
@Suite(.serialized) struct Libp2pLoopbackTests {
    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory()])

    func node(_ name: String, _ yaml: String, echo: AsyncMessageQueue<EchoSession>? = nil) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [EchoPlugin.factory(sessions: echo)]))
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    func multiaddr(of kernel: Kernel) async throws -> String {
        let port = try #require(await kernel.status().network.listenPorts["libp2p"])
        return "/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: kernel.identity).base58)"
    }

    @Test(arguments: ["/yamux/1.0.0", "/mplex/6.7.0"])
    func twoNodesRunAParleyProtocolOverMuxedStreams(muxer: String) async throws {
        defer { harness.cleanUp() }
        let b = try await node("b", "plugins: { libp2p: { host: 127.0.0.1, port: 0 }, echo: }")
        let echoA = AsyncMessageQueue<EchoSession>()
        let a = try await node("a", """
            plugins:
              libp2p: { host: 127.0.0.1, port: 0, muxers: ["\(muxer)"] }
              echo:
              static-peers: { peers: ["\(try await multiaddr(of: b))"] }
            """, echo: echoA)
        let session = try #require(await echoA.next(within: .seconds(10)))
        #expect(session.peer == PeerID(Libp2pPlugin.peerID(of: b.identity).bytes))
        // 600 000 bytes is more than two 256 KiB yamux windows: the writer must wait for window updates.
        for size in [0, 1, 1000, 200_000, 600_000] {
            let payload = SecureRandom.bytes(size)
            try await session.stream.send(FramedMessage(code: 0, payload: payload))
            #expect(try await session.stream.receive() == FramedMessage(code: 1, payload: payload))
        }
        let status = await a.status().network
        #expect(status.peers.first?.transport == "libp2p")
        #expect(status.peers.first?.protocols == ["echo/1"])
        #expect(status.listenAddresses.contains { $0.hasPrefix("/ip4/127.0.0.1/tcp/") && $0.contains("/p2p/16Uiu2HA") })
        await a.stop()
        await b.stop()
    }

    @Test(arguments: ["secp256k1", "ed25519"])
    func clientIdentifiesAndPingsANode(keyType: String) async throws {
        defer { harness.cleanUp() }
        let b = try await node("b", "plugins: { libp2p: { host: 127.0.0.1, port: 0 }, echo: }")
        let identity: Libp2pIdentityKey = keyType == "secp256k1" ? .secp256k1(PrivateKey.generate()) : .ed25519(.init())
        let client = Libp2pClient(identity: identity)
        let connection = try await client.connect(try Multiaddr(parsing: try await multiaddr(of: b)))
        #expect(connection.remotePeer == Libp2pPlugin.peerID(of: b.identity))
        #expect(connection.muxer == "/yamux/1.0.0")
        let record = try await connection.identify()
        #expect(record.protocols.contains("/ipfs/ping/1.0.0") && record.protocols.contains("/parley/echo/1"))
        #expect(record.agentVersion?.hasPrefix("parley/") == true)
        #expect(record.observedAddr?.tcpEndpoint?.host == "127.0.0.1")
        for _ in 0..<3 { #expect(try await connection.ping() > .zero) }
        await connection.close()
        await client.shutdown()
        await b.stop()
    }

    @Test func dialingTheWrongPeerIDFailsWithAClearError() async throws {
        defer { harness.cleanUp() }
        let b = try await node("b", "plugins: { libp2p: { host: 127.0.0.1, port: 0 } }")
        let port = try #require(await b.status().network.listenPorts["libp2p"])
        let other = Libp2pIdentityKey.ed25519(.init()).peerID
        let client = Libp2pClient(identity: .ed25519(.init()))
        await #expect { _ = try await client.connect(try Multiaddr(parsing: "/ip4/127.0.0.1/tcp/\(port)/p2p/\(other)")) }
            throws: { "\($0)".contains("dialled peer \(other.base58)") }
        await client.shutdown()
        await b.stop()
    }

    @Test func hostileRawPeersAreDroppedWhileOthersAreServed() async throws {
        defer { harness.cleanUp() }
        let b = try await node("b", "plugins: { libp2p: { host: 127.0.0.1, port: 0, handshake-timeout-seconds: 2 }, echo: }")
        let port = try #require(await b.status().network.listenPorts["libp2p"])
        // A wrong multistream header, a 64 KiB varint line, an unsupported security protocol, and a peer that stalls.
        let wrongHeader = try await RawSocket.connect(port: port)
        try wrongHeader.send(Multistream.encode("/multistream/2.0.0") + Multistream.encode("/noise"))
        let oversize = try await RawSocket.connect(port: port)
        try oversize.send([0x80, 0x80, 0x04] + [UInt8](repeating: 0x61, count: 100))
        let unsupported = try await RawSocket.connect(port: port)
        try unsupported.send(Multistream.encode(Multistream.header) + Multistream.encode("/tls/1.0.0"))
        let staller = try await RawSocket.connect(port: port)
        try staller.send(Multistream.encode(Multistream.header))
        // An honest client still gets through while those are pending.
        let client = Libp2pClient(identity: .ed25519(.init()))
        let connection = try await client.connect(try Multiaddr(parsing: try await multiaddr(of: b)))
        #expect(try await connection.ping() > .zero)
        #expect(try await wrongHeader.readUntilClosed(within: 5).count < 100)
        #expect(try await oversize.readUntilClosed(within: 5).count < 100)
        // the unsupported proposal is answered "na" (the peer may try another)
        let answer = try await unsupported.readAvailable(within: 2)
        #expect(answer.suffix(4) == Multistream.encode("na"))
        // the staller is cut off by the NodeClock handshake deadline
        _ = try await staller.readUntilClosed(within: 15)
        await connection.close()
        await client.shutdown()
        await b.stop()
    }
}

/// Misbehaviour after the handshake: each is a closed stream or connection, never a crash, and the
/// node keeps serving others.
@Suite(.serialized) struct Libp2pHostileStreamTests {
    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory()])

    func node() async throws -> (Kernel, Multiaddr) {
        let kernel = try harness.kernel("b", registry: harness.registry(including: [EchoPlugin.factory()]))
        try await kernel.start(harness.profile("b", "plugins: { libp2p: { host: 127.0.0.1, port: 0, max-streams-per-connection: 8 }, echo: }"))
        let port = try #require(await kernel.status().network.listenPorts["libp2p"])
        return (kernel, try Multiaddr(parsing: "/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: kernel.identity))"))
    }

    @Test func aYamuxWindowViolationClosesTheConnection() async throws {
        defer { harness.cleanUp() }
        let (kernel, address) = try await node()
        let client = Libp2pClient(identity: .ed25519(.init()))
        let connection = try await client.connect(address)
        let mux = try #require(connection.connection.mux as? YamuxMux)
        let stream = try await mux.openStream()
        // 1 100 000 bytes at once on a stream whose window is 1 MiB, bypassing our own flow control.
        try? await mux.writer.write(YamuxFrame.data(stream.id, [UInt8](repeating: 1, count: 1_100_000)).bytes)   // the node may hang up mid-write
        let reason = await connection.connection.closed()
        #expect(reason == .tcpError || reason == .protocolBreach, "\(reason)")
        // The violation was penalised: the same peer id is now refused (banned) ...
        let again = try await client.connect(address)
        await #expect(throws: (any Error).self) { _ = try await again.ping() }
        // ... while other peers are still served.
        let otherClient = Libp2pClient(identity: .ed25519(.init()))
        let other = try await otherClient.connect(address)
        #expect(try await other.ping() > .zero)
        await client.shutdown()
        await otherClient.shutdown()
        await kernel.stop()
    }

    @Test func aStreamFloodIsRefusedStreamByStreamWithoutKillingTheConnection() async throws {
        defer { harness.cleanUp() }
        let (kernel, address) = try await node()
        let client = Libp2pClient(identity: .ed25519(.init()))
        let connection = try await client.connect(address)
        let mux = try #require(connection.connection.mux as? YamuxMux)
        // 40 streams that never negotiate: the node holds at most 8 and resets the rest.
        for _ in 0..<40 { _ = try await mux.openStream() }
        try await eventually("the node reset the excess streams", timeout: .seconds(10)) { await mux.openStreamCount <= 8 }
        await client.shutdown()
        await kernel.stop()
    }

    @Test func unknownProtocolsAreAnsweredNaAndAnMplexFloodOfBadFlagsCloses() async throws {
        defer { harness.cleanUp() }
        let (kernel, address) = try await node()
        let client = Libp2pClient(identity: .ed25519(.init()))
        let connection = try await client.connect(address)
        await #expect(throws: NetworkError.protocolNotNegotiated(ProtocolID(name: "/nope/1.0.0", version: 0))) {
            _ = try await connection.openStream(ProtocolID(name: "/nope/1.0.0", version: 0))
        }
        #expect(try await connection.ping() > .zero)   // the connection survives a refused protocol
        let mplexClient = Libp2pClient(identity: .ed25519(.init()), muxers: [MuxerName.mplex])
        let mplexConnection = try await mplexClient.connect(address)
        #expect(mplexConnection.muxer == MuxerName.mplex)
        #expect(try await mplexConnection.ping() > .zero)
        try await mplexConnection.connection.mux.writer.write([0x07, 0x00])   // flag 7 does not exist
        let reason = await mplexConnection.connection.closed()
        #expect(reason == .tcpError || reason == .protocolBreach, "\(reason)")
        await client.shutdown()
        await mplexClient.shutdown()
        await kernel.stop()
    }
}
