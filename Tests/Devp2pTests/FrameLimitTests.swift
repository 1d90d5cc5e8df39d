@testable import Devp2p
import Kernel
import Primitives
import Testing
import TestKit

/// Frame sizes are checked from the header, before the body is buffered (issue 19 item 2): against the
/// negotiated capabilities' limits, `max-frame-bytes`, and the transport-wide receive budget.
@Suite(.serialized) struct FrameLimitTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory()])

    func victim(_ devp2p: String = "") async throws -> (Kernel, UInt16) {
        let node = try harness.kernel("victim", registry: harness.registry(including: [EchoPlugin.factory(), SmallMessagePlugin.factory()]))
        try await node.start(harness.profile("victim", "plugins: { devp2p: { host: 127.0.0.1, port: 0\(devp2p) }, echo: {}, small: {} }"))
        return (node, try #require(await node.status().network.listenPorts["devp2p"]))
    }

    @Test(arguments: [
        (capability: "small", devp2p: "", announced: RLPxFrameCodec.maximumFrameSize),     // the 16 MiB − 1 probe; small/1 takes 1000 bytes
        (capability: "small", devp2p: "", announced: 5000),
        (capability: "echo", devp2p: ", max-frame-bytes: 65536", announced: 65537),        // no capability limit: max-frame-bytes
    ])
    func aHugeFrameIsRefusedFromItsHeaderAlone(capability: String, devp2p: String, announced: Int) async throws {
        defer { harness.cleanUp() }
        let (node, port) = try await victim(devp2p)
        let penalties = EventLog(node.events, PeerPenalized.self)
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await attacker.handshake(capabilities: [CapabilityAnnouncement(name: capability, version: 1)])
        try await attacker.send(try attacker.codec!.sealHeader(announcing: announced))   // the header only: no body follows
        let penalty = try #require(await penalties.next(timeout: .seconds(5)), "no penalty for a \(announced)-byte frame")
        #expect(penalty.peer == attacker.identity)
        #expect(penalty.penalty.points >= 100)
        #expect(penalty.penalty.reason.contains("frame header announces \(announced) bytes"), "\(penalty.penalty.reason)")
        #expect(try await attacker.readDisconnect() == DisconnectReason.protocolBreach.code)
        #expect(await attacker.waitClosed(within: .seconds(5)))
        await node.stop()
    }

    @Test func aFrameWithinTheLimitsStillPasses() async throws {
        defer { harness.cleanUp() }
        let (node, port) = try await victim()
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await attacker.handshake(capabilities: [CapabilityAnnouncement(name: "small", version: 1)])
        try await attacker.send(try attacker.seal(code: 0x10, payload: Snappy.compress([UInt8](repeating: 1, count: 1000))))
        try await attacker.send(try attacker.seal(code: 0x02, payload: Snappy.compress([0xc0])))     // Ping
        #expect(try await attacker.readFrameCode() == 0x03)                                          // Pong: still served
        // The session is admitted by the connection manager on its own task: wait for it, don't race it.
        try await eventually("the peer is admitted and kept") { await node.network.status().peers.count == 1 }
        await node.stop()
    }

    @Test func theGlobalReceiveBudgetEndsTheSessionThatWouldExceedIt() async throws {
        defer { harness.cleanUp() }
        let (node, port) = try await victim(", max-frame-bytes: 65536, receive-budget-bytes: 100000")
        let first = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await first.handshake(capabilities: [CapabilityAnnouncement(name: "echo", version: 1)])
        try await first.send(try first.codec!.sealHeader(announcing: 60000))    // reserves 60 016 bytes, body withheld
        let second = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await second.handshake(capabilities: [CapabilityAnnouncement(name: "echo", version: 1)])
        try await second.send(try second.codec!.sealHeader(announcing: 60000))
        #expect(try await second.readDisconnect() == DisconnectReason.tooManyPeers.code)
        #expect(await second.waitClosed(within: .seconds(5)))
        #expect(first.channel.isActive)
        await node.stop()
    }

    /// Small frames whose snappy payload decodes past the message's limit (a capability's, or 1 KiB for
    /// base-protocol messages) are refused from the length snappy announces, before decompressing.
    @Test(arguments: [(code: UInt64(0x10), size: 2000), (code: UInt64(0x02), size: 5000), (code: UInt64(0x05), size: 1025)])
    func aCompressedMessageOverItsLimitIsRefused(code: UInt64, size: Int) async throws {
        defer { harness.cleanUp() }
        let (node, port) = try await victim()
        let penalties = EventLog(node.events, PeerPenalized.self)
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await attacker.handshake(capabilities: [CapabilityAnnouncement(name: "small", version: 1)])
        try await attacker.send(try attacker.seal(code: code, payload: Snappy.compress([UInt8](repeating: 0, count: size))))
        let penalty = try #require(await penalties.next(timeout: .seconds(5)))
        #expect(penalty.peer == attacker.identity)
        #expect(penalty.penalty.reason.contains("message of \(size) bytes exceeds the limit"), "\(penalty.penalty.reason)")
        #expect(await attacker.waitClosed(within: .seconds(5)))
        await node.stop()
    }

    @Test func aBigFrameBeforeTheHelloIsRefusedFromItsHeader() async throws {
        defer { harness.cleanUp() }
        let (node, port) = try await victim()
        let penalties = EventLog(node.events, PeerPenalized.self)
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        var initiator = RLPxInitiator(staticKey: attacker.key, remote: node.identity.publicKey)
        try await attacker.send(try initiator.makeAuth())
        let prefix = try await attacker.read(2)
        let ack = prefix + (try await attacker.read(Int(prefix[0]) << 8 | Int(prefix[1])))
        attacker.codec = try RLPxFrameCodec(secrets: try initiator.secrets(fromAck: ack, format: .eip8, legacyBody: nil))
        _ = try await attacker.readFrame()                                          // the node's Hello
        try await attacker.send(try attacker.codec!.sealHeader(announcing: 100_000)) // no Hello is that big
        #expect(await penalties.next(timeout: .seconds(5))?.peer == attacker.identity)
        #expect(try await attacker.readDisconnect(snappy: false) == DisconnectReason.protocolBreach.code)
        #expect(await attacker.waitClosed(within: .seconds(5)))
        await node.stop()
    }

    @Test func aPeerOutpacingItsHandlerIsDroppedOnceItsInboxBytesAreFull() async throws {
        defer { harness.cleanUp() }
        let node = try harness.kernel("victim", registry: harness.registry(including: [StallPlugin.factory()]))
        try await node.start(harness.profile("victim", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, stall: {} }"))
        let port = try #require(await node.status().network.listenPorts["devp2p"])
        let penalties = EventLog(node.events, PeerPenalized.self)
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        try await attacker.handshake(capabilities: [CapabilityAnnouncement(name: "stall", version: 1)])
        let payload = Snappy.compress(SecureRandom.bytes(65_000))
        var sent = 0
        while attacker.channel.isActive, sent < 400 {                 // 26 MB against a 16 MiB inbox
            try? await attacker.send(try attacker.seal(code: 0x10, payload: payload))
            sent += 1
        }
        let penalty = try #require(await penalties.next(timeout: .seconds(10)))
        #expect(penalty.peer == attacker.identity)
        #expect(penalty.penalty.points >= 100)
        #expect(penalty.penalty.reason.contains("bytes queued, limit 16777216"), "\(penalty.penalty.reason)")
        #expect(await attacker.waitClosed(within: .seconds(5)))
        await node.stop()
    }

    @Test func inboxBytesCountPerConnectionAndAgainstTheGlobalBudget() throws {
        let budget = RLPxReceiveBudget(limit: 1000)
        let first = Devp2pInboxAccount(limit: 600, budget: budget), second = Devp2pInboxAccount(limit: 600, budget: budget)
        try first.admit(500)
        #expect(throws: Devp2pInboxAccount.Refusal.connectionLimit(queued: 500, limit: 600)) { try first.admit(101) }
        try second.admit(500)
        #expect(throws: Devp2pInboxAccount.Refusal.budgetExhausted(limit: 1000)) { try second.admit(1) }
        first.release(200)
        #expect(budget.inUse == 800)
        first.close()
        first.release(300)                                              // read after the end: not returned twice
        #expect(budget.inUse == 500)
        second.close()
        #expect(budget.inUse == 0)
    }

    @Test func limitsFollowThePhaseAndTheNegotiatedCapabilities() {
        let small = ProtocolOffer(id: ProtocolID(name: "small", version: 1), messageCodeCount: 2, maximumMessageSize: 1000)
        let open = ProtocolOffer(id: ProtocolID(name: "echo", version: 1), messageCodeCount: 2)
        let remote = [CapabilityAnnouncement(name: "small", version: 1), CapabilityAnnouncement(name: "echo", version: 1)]
        let smallOnly = CapabilityTable(local: [small], remote: remote)
        let both = CapabilityTable(local: [small, open], remote: remote)
        #expect(RLPxFrameLimits.helloPhase(maximumFrame: 1 << 24) == 9 + 2048)
        #expect(RLPxFrameLimits.active(table: smallOnly, snappy: false, maximumFrame: 1 << 20) == 9 + 1024)   // base messages need 1 KiB
        #expect(RLPxFrameLimits.active(table: both, snappy: true, maximumFrame: 65536) == 65536)
        #expect(RLPxFrameLimits.payloadLimit(code: 0x10 + 2, table: both, maximumFrame: 65536) == 1000)    // sorted: echo first, then small
        #expect(RLPxFrameLimits.payloadLimit(code: 0x02, table: both, maximumFrame: 65536) == 1024)
    }
}

/// `small/1`: a capability whose messages are at most 1000 bytes; reads and drops them.
struct SmallMessagePlugin: NodePlugin {
    static let descriptor = PluginDescriptor(key: "small", summary: "test protocol small/1", provides: ["small"], requires: [.transport])
    var descriptor: PluginDescriptor { Self.descriptor }

    static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: NoSettings.self) { _ in SmallMessagePlugin() }
    }

    func prepare(_ context: PluginContext) async throws {
        await context.network.register(handler: Handler())
    }

    struct Handler: ProtocolHandler {
        var protocolID: ProtocolID { ProtocolID(name: "small", version: 1) }
        var messageCodeCount: UInt { 2 }
        var maximumMessageSize: Int? { 1000 }
        func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
            while try await stream.receive() != nil {}
        }
    }
}

/// `stall/1`: accepts 64 KiB messages and never reads them (a handler slower than its peer).
struct StallPlugin: NodePlugin {
    static let descriptor = PluginDescriptor(key: "stall", summary: "test protocol stall/1", provides: ["stall"], requires: [.transport])
    var descriptor: PluginDescriptor { Self.descriptor }

    static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: NoSettings.self) { _ in StallPlugin() }
    }

    func prepare(_ context: PluginContext) async throws {
        await context.network.register(handler: Handler(stopSignal: context.stopSignal))
    }

    struct Handler: ProtocolHandler {
        let stopSignal: StopSignal
        var protocolID: ProtocolID { ProtocolID(name: "stall", version: 1) }
        var messageCodeCount: UInt { 1 }
        var maximumMessageSize: Int? { 65_536 }
        func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
            await stopSignal.wait()
        }
    }
}

extension HostileRLPxPeer {
    /// Reads the next frame and returns its message code.
    func readFrameCode() async throws -> UInt64 {
        try await readFrame().code
    }

    /// Reads frames until a Disconnect and returns its reason code (`snappy`: the node saw our p2p v5 Hello).
    func readDisconnect(snappy: Bool = true) async throws -> UInt8 {
        while true {
            let (code, payload) = try await readFrame()
            if code == 0x01 { return DisconnectMessage.decode(snappy ? try Snappy.decompress(payload) : payload).code }
        }
    }

    func readFrame() async throws -> (code: UInt64, payload: [UInt8]) {
        let (frameSize, bodyLength) = try codec!.openHeader(try await read(RLPxFrameCodec.headerSize))
        let frame = try codec!.openBody(try await read(bodyLength), frameSize: frameSize)
        let (item, consumed) = try RLP.decodePrefix(frame)
        return (try item.asUInt64(), Array(frame[consumed...]))
    }
}
