import Devp2p
import Foundation
import Kernel
import NIOCore
import NIOPosix
import Primitives
import StaticPeers
import Testing
import TestKit

/// Two kernels speaking devp2p over real loopback TCP, plus hostile raw-socket peers.
@Suite(.serialized) struct LoopbackSessionTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory()])

    func node(_ name: String, _ yaml: String, echo: AsyncMessageQueue<EchoSession>? = nil) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [EchoPlugin.factory(sessions: echo)]))
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    func enode(of kernel: Kernel) async throws -> String {
        let port = try #require(await kernel.status().network.listenPorts["devp2p"])
        return kernel.identity.enode(host: "127.0.0.1", port: port)
    }

    @Test(arguments: [false, true])
    func twoNodesConnectAndExchangeCapabilityMessages(legacy: Bool) async throws {
        defer { harness.cleanUp() }
        let b = try await node("b", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: }")
        let echoA = AsyncMessageQueue<EchoSession>()
        let a = try await node("a", """
            plugins:
              devp2p: { host: 127.0.0.1, port: 0, legacy-handshake: \(legacy) }
              echo:
              static-peers: { peers: ["\(try await enode(of: b))"] }
            """, echo: echoA)
        let session = try #require(await echoA.next(within: .seconds(10)))
        #expect(session.peer == b.identity.peerID)
        for size in [0, 1, 1000, 200_000] {
            let payload = SecureRandom.bytes(size)
            try await session.stream.send(FramedMessage(code: 0, payload: payload))
            #expect(try await session.stream.receive() == FramedMessage(code: 1, payload: payload))
        }
        let status = await a.status().network
        #expect(status.peers.first?.protocols == ["echo/1"])
        #expect((status.peers.first?.traffic.bytesIn ?? 0) >= 201_001)
        await a.stop()
        await b.stop()
    }

    @Test func theListeningPortIsReleasedOnStop() async throws {
        defer { harness.cleanUp() }
        let first = try await node("first", "plugins: { devp2p: { host: 127.0.0.1, port: 0 } }")
        let port = try #require(await first.status().network.listenPorts["devp2p"])
        await first.stop()
        let again = try await node("again", "plugins: { devp2p: { host: 127.0.0.1, port: \(port) } }")
        #expect(await again.status().network.listenPorts["devp2p"] == port)
        await again.stop()
    }

    @Test func aPortInUseIsAClearStartError() async throws {
        defer { harness.cleanUp() }
        let first = try await node("first", "plugins: { devp2p: { host: 127.0.0.1, port: 0 } }")
        let port = try #require(await first.status().network.listenPorts["devp2p"])
        let second = try harness.kernel("second", registry: harness.registry())
        await #expect { try await second.start(harness.profile("second", "plugins: { devp2p: { host: 127.0.0.1, port: \(port) } }")) }
            throws: { "\($0)".contains("cannot listen on 127.0.0.1:\(port)") }
        await first.stop()
    }

    @Test func hostileRawPeersAreDroppedWhileOthersAreServed() async throws {
        defer { harness.cleanUp() }
        let b = try await node("b", "plugins: { devp2p: { host: 127.0.0.1, port: 0, handshake-timeout-seconds: 0.5 }, echo: }")
        let port = try #require(await b.status().network.listenPorts["devp2p"])
        // Garbage instead of an auth packet, an oversized EIP-8 size prefix, and a peer that stalls.
        let garbage = try await RawPeer.connect(port: port)
        try await garbage.send([UInt8](repeating: 0x42, count: 400))
        let oversized = try await RawPeer.connect(port: port)
        try await oversized.send([0xff, 0xff] + [UInt8](repeating: 0, count: 10))
        let staller = try await RawPeer.connect(port: port)
        try await staller.send([0x01, 0x00])
        #expect(await garbage.waitClosed(within: .seconds(5)))
        #expect(await oversized.waitClosed(within: .seconds(5)))
        #expect(await staller.waitClosed(within: .seconds(5)))
        // A well-behaved node still gets through.
        let echoA = AsyncMessageQueue<EchoSession>()
        let a = try await node("a", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: , static-peers: { peers: [\"\(try await enode(of: b))\"] } }", echo: echoA)
        let session = try #require(await echoA.next(within: .seconds(10)))
        try await session.stream.send(FramedMessage(code: 0, payload: [9]))
        #expect(try await session.stream.receive() == FramedMessage(code: 1, payload: [9]))
        await a.stop()
        await b.stop()
    }

    @Test func dialingTheWrongIdentityFails() async throws {
        defer { harness.cleanUp() }
        let b = try await node("b", "plugins: { devp2p: { host: 127.0.0.1, port: 0 } }")
        let port = try #require(await b.status().network.listenPorts["devp2p"])
        let impostor = PrivateKey.generate().publicKey
        let wrong = "enode://\(Hex.encode(impostor.raw64))@127.0.0.1:\(port)"
        let a = try await node("a", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, static-peers: { peers: [\"\(wrong)\"] } }")
        try await eventually("the dial is recorded as failed") {
            (await a.network.bookEntry(for: try PeerAddress(parsing: wrong))?.failures ?? 0) > 0
        }
        #expect(await a.network.status().peers.isEmpty)
        await a.stop()
        await b.stop()
    }
}

/// A raw TCP client for feeding a node bytes no honest peer would send.
final class RawPeer: Sendable {
    let channel: any Channel

    init(channel: any Channel) { self.channel = channel }

    static func connect(port: UInt16) async throws -> RawPeer {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: Int(port)).get()
        return RawPeer(channel: channel)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    func waitClosed(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        channel.close(promise: nil)
        return false
    }
}
