@testable import Devp2p
import Kernel
import NIOCore
import NIOPosix
import Primitives
import Testing
import TestKit

/// A peer that completes a genuine RLPx handshake and Hello, then misbehaves: the node must drop it
/// with a reason and record a penalty against its (now authenticated) identity.
@Suite(.serialized) struct HostileSessionTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory()])

    enum Attack: String, CaseIterable {
        case badFrameMAC, snappyBomb, garbageMessageID, unknownMessageCode, secondHello
    }

    @Test(arguments: Attack.allCases)
    func misbehaviourAfterTheHandshakeIsPenalised(attack: Attack) async throws {
        defer { harness.cleanUp() }
        let node = try harness.kernel("victim", registry: harness.registry(including: [EchoPlugin.factory()]))
        try await node.start(harness.profile("victim", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: }"))
        let penalties = EventLog(node.events, PeerPenalized.self)
        let port = try #require(await node.status().network.listenPorts["devp2p"])
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await attacker.handshake(capabilities: [CapabilityAnnouncement(name: "echo", version: 1)])

        switch attack {
        case .badFrameMAC:
            var frame = try attacker.seal(code: 0x10, payload: Snappy.compress(RLP.encode(.list([]))))
            frame[frame.count - 1] ^= 0x01
            try await attacker.send(frame)
        case .snappyBomb:
            // Claims a decoded length of 0xffffffff bytes.
            try await attacker.send(try attacker.seal(code: 0x10, payload: [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]))
        case .garbageMessageID:
            try await attacker.send(try attacker.sealRaw([0xb9, 0xff]))
        case .unknownMessageCode:
            try await attacker.send(try attacker.seal(code: 0x7f, payload: Snappy.compress([0xc0])))
        case .secondHello:
            try await attacker.send(try attacker.seal(code: 0x00, payload: Snappy.compress([0xc0])))
        }
        let penalty = try #require(await penalties.next(timeout: .seconds(5)), "no penalty for \(attack)")
        #expect(penalty.peer == attacker.identity)
        #expect(penalty.penalty.points >= 100)
        #expect(await attacker.waitClosed(within: .seconds(5)))
        #expect(await node.network.status().peers.isEmpty)
        await node.stop()
    }
}

/// Drives the initiator side of RLPx by hand over a raw socket.
final class HostileRLPxPeer: @unchecked Sendable {
    let channel: any Channel
    let inbox: AsyncMessageQueue<[UInt8]>
    let key = PrivateKey.generate()
    let remote: PublicKey
    var codec: RLPxFrameCodec?
    var buffered: [UInt8] = []

    var identity: PeerID { PeerID(publicKey: key.publicKey) }

    init(channel: any Channel, inbox: AsyncMessageQueue<[UInt8]>, remote: PublicKey) {
        self.channel = channel
        self.inbox = inbox
        self.remote = remote
    }

    static func connect(port: UInt16, remote: PublicKey) async throws -> HostileRLPxPeer {
        let inbox = AsyncMessageQueue<[UInt8]>()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ByteCollector(inbox: inbox)) }
            }
            .connect(host: "127.0.0.1", port: Int(port)).get()
        return HostileRLPxPeer(channel: channel, inbox: inbox, remote: remote)
    }

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    func read(_ count: Int) async throws -> [UInt8] {
        while buffered.count < count {
            guard let chunk = await inbox.next() else { throw NetworkError.closed }
            buffered += chunk
        }
        defer { buffered.removeFirst(count) }
        return Array(buffered.prefix(count))
    }

    func handshake(capabilities: [CapabilityAnnouncement], helloNodeID: [UInt8]? = nil, readHello: Bool = true) async throws {
        var initiator = RLPxInitiator(staticKey: key, remote: remote)
        try await send(try initiator.makeAuth())
        let prefix = try await read(2)
        let size = Int(prefix[0]) << 8 | Int(prefix[1])
        let ack = prefix + (try await read(size))
        codec = try RLPxFrameCodec(secrets: try initiator.secrets(fromAck: ack, format: .eip8, legacyBody: nil))
        let hello = HelloMessage(version: 5, clientID: "hostile", capabilities: capabilities, listenPort: 0,
                                 nodeID: helloNodeID ?? key.publicKey.raw64)
        try await send(try sealRaw(RLP.encode(.uint(0)) + hello.encoded))
        guard readHello else { return }
        // Read the node's Hello so we know the session is active on its side.
        let header = try await read(RLPxFrameCodec.headerSize)
        let (frameSize, bodyLength) = try codec!.openHeader(header)
        _ = try codec!.openBody(try await read(bodyLength), frameSize: frameSize)
    }

    func seal(code: UInt64, payload: [UInt8]) throws -> [UInt8] {
        try sealRaw(RLP.encode(.uint(code)) + payload)
    }

    func sealRaw(_ frameData: [UInt8]) throws -> [UInt8] {
        try codec!.seal(frameData)
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

/// Pushes every received chunk into a queue.
final class ByteCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let inbox: AsyncMessageQueue<[UInt8]>

    init(inbox: AsyncMessageQueue<[UInt8]>) { self.inbox = inbox }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.push(Array(unwrapInboundIn(data).readableBytesView))
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.finish()
    }
}
