@testable import Devp2p
import Kernel
import NIOCore
import NIOPosix
import Primitives
import StaticPeers
import Synchronization
import Testing
import TestKit

/// Admission an attacker cannot monopolise, over real loopback sockets: a half-open flood beside an
/// honest dialer, slow-drip sessions, the inbound quota and eviction. Every peer here is 127.0.0.1,
/// so per-IP limits are exempt (the default for loopback) and the global handshake cap with its
/// displacement rule is what is exercised; the per-IP and per-subnet limits themselves are unit-tested
/// in `AdmissionPolicyTests`.
@Suite(.serialized) struct AdmissionTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory()])

    func node(_ name: String, _ yaml: String, extra: [any PluginFactory] = []) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: extra))
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    func enode(of kernel: Kernel) async throws -> String {
        kernel.identity.enode(host: "127.0.0.1", port: try await port(of: kernel))
    }

    func port(of kernel: Kernel) async throws -> UInt16 {
        try #require(await kernel.status().network.listenPorts["devp2p"])
    }

    /// Opens raw sockets as fast as it can until cancelled — most silent, every fourth sending
    /// garbage — and keeps its side of each open; returns how many it opened.
    static func flood(port: UInt16, opened counter: FloodCounter, workers: Int = 4) async -> Int {
        await withTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var opened = 0
                    var held: [RawPeer] = []
                    while !Task.isCancelled {
                        guard let peer = try? await RawPeer.connect(port: port) else { continue }
                        opened += 1
                        counter.value.add(1, ordering: .relaxed)
                        if (opened + worker) % 4 == 0 { try? await peer.send([UInt8](repeating: 0x42, count: 300)) }
                        held.append(peer)
                        held.removeAll { !$0.channel.isActive }
                    }
                    for peer in held { peer.channel.close(promise: nil) }
                    return opened
                }
            }
            return await group.reduce(0, +)
        }
    }

    @Test(arguments: ["max-pending-handshakes: 0", "max-pending-handshakes: 20000", "max-handshakes-per-ip: 0",
                      "max-pending-handshakes: 8, max-handshakes-per-ip: 9", "max-handshakes-per-ip: 8, max-handshakes-per-subnet: 4"])
    func handshakeLimitsAreRangeChecked(setting: String) async throws {
        defer { harness.cleanUp() }
        let kernel = try harness.kernel("bad", registry: harness.registry())
        await #expect {
            try await kernel.start(harness.profile("bad", "plugins: { devp2p: { host: 127.0.0.1, port: 0, \(setting) } }"))
        } throws: { "\($0)".contains("handshakes") }
        await kernel.stop()
    }

    /// With the defaults (loopback counted only against the 64-handshake total) and with loopback
    /// limited per IP like any remote address (so the per-IP scope does the displacing).
    @Test(arguments: ["", ", exempt-loopback: false, max-handshakes-per-ip: 16, max-handshakes-per-subnet: 16"])
    func anHonestNodeConnectsDuringAHalfOpenFlood(limits: String) async throws {
        defer { harness.cleanUp() }
        let victim = try await node("victim", "plugins: { devp2p: { host: 127.0.0.1, port: 0\(limits) } }")
        let victimPort = try await port(of: victim)
        let counter = FloodCounter()
        let floodStarted = ContinuousClock.now
        let flood = Task { await Self.flood(port: victimPort, opened: counter) }
        // Let the flood fill every handshake slot first (the default cap is 64).
        try await eventually("the flood opened 1 000 sockets", timeout: .seconds(60)) { counter.value.load(ordering: .relaxed) >= 1000 }
        let honest = try harness.kernel("honest", registry: harness.registry())
        let connected = EventLog(honest.events, PeerConnected.self)
        let started = ContinuousClock.now
        try await honest.start(harness.profile("honest", """
            plugins: { devp2p: { host: 127.0.0.1, port: 0 }, static-peers: { peers: ["\(try await enode(of: victim))"] } }
            """))
        let session = await connected.next(timeout: .seconds(2))
        let elapsed = ContinuousClock.now - started
        flood.cancel()
        let opened = await flood.value
        let floodSeconds = (ContinuousClock.now - floodStarted) / .seconds(1)
        print("admission flood: \(opened) flood sockets in \(floodSeconds) s (\(Int(Double(opened) / floodSeconds))/s); "
              + "honest node connected \(elapsed) after starting")
        #expect(session?.peer == victim.identity.peerID, "the honest node did not connect within 2 s of starting")
        await honest.stop()
        await victim.stop()
    }

    /// An attacker that completes the RLPx handshake and Hello (and then does what the test says).
    static func authenticated(port: UInt16, victim: Kernel) async throws -> HostileRLPxPeer {
        let attacker = try await HostileRLPxPeer.connect(port: port, remote: victim.identity.publicKey)
        try await attacker.handshake(capabilities: [])
        return attacker
    }

    @Test func slowDripSessionsAreDisconnectedAndAnHonestNodeGetsASlot() async throws {
        defer { harness.cleanUp() }
        let victim = try await node("victim", """
            node: { peers: { target: 0, max: 3 } }
            plugins: { devp2p: { host: 127.0.0.1, port: 0, ping-interval-seconds: 0.2, idle-timeout-seconds: 1 } }
            """)
        let victimPort = try await port(of: victim)
        let penalties = EventLog(victim.events, PeerPenalized.self)
        var attackers: [HostileRLPxPeer] = []
        for _ in 0..<3 { attackers.append(try await Self.authenticated(port: victimPort, victim: victim)) }
        try await eventually("the drippers hold every slot") { await victim.network.status().peers.count == 3 }
        let drippers = attackers
        // Each drips one byte of a valid frame every 0.3 s: bytes keep coming, a message never completes.
        let drip = Task {
            let frame = try drippers.map { try $0.seal(code: 0x02, payload: Snappy.compress([0xc0])) }
            for index in 0..<frame[0].count where !Task.isCancelled {
                for (attacker, bytes) in zip(drippers, frame) where attacker.channel.isActive {
                    try? await attacker.send([bytes[index]])
                }
                try await Task.sleep(for: .milliseconds(300))
            }
        }
        for attacker in attackers { #expect(await attacker.waitClosed(within: .seconds(5)), "a slow-drip session stayed") }
        drip.cancel()
        var penalised: Set<PeerID> = []
        while penalised.count < attackers.count, let penalty = await penalties.next(timeout: .seconds(5)) { penalised.insert(penalty.peer) }
        #expect(penalised == Set(attackers.map(\.identity)))
        let honest = try await node("honest", """
            plugins: { devp2p: { host: 127.0.0.1, port: 0 }, static-peers: { peers: ["\(try await enode(of: victim))"] } }
            """)
        try await eventually("the honest node gets a slot") {
            await victim.network.status().peers.map(\.id) == [honest.identity.peerID.hex]
        }
        await honest.stop()
        await victim.stop()
    }

    @Test func withInboundSlotsFullAnOutboundDialSucceeds() async throws {
        defer { harness.cleanUp() }
        let outside = try await node("outside", "plugins: { devp2p: { host: 127.0.0.1, port: 0 } }")
        let discovery = ScriptedDiscovery()
        let victim = try await node("victim", """
            node: { peers: { target: 3, max: 3, reserved-outbound: 1 } }
            plugins: { devp2p: { host: 127.0.0.1, port: 0 }, scripted-discovery: }
            """, extra: [ScriptedDiscoveryPlugin.factory(discovery)])
        let victimPort = try await port(of: victim)
        var attackers: [HostileRLPxPeer] = []
        for _ in 0..<2 { attackers.append(try await Self.authenticated(port: victimPort, victim: victim)) }
        try await eventually("two inbound peers take the inbound share") { await victim.network.status().peers.count == 2 }
        let connected = EventLog(victim.events, PeerConnected.self)
        discovery.offer([PeerRecord(address: try PeerAddress(parsing: try await enode(of: outside)), source: "scripted")])
        let dialed = await connected.next(timeout: .seconds(10))
        #expect(dialed?.peer == outside.identity.peerID && dialed?.direction == .outbound)
        let directions = await victim.network.status().peers.map(\.direction)
        #expect(directions.filter { $0 == .inbound }.count == 2 && directions.count == 3)
        for attacker in attackers { attacker.channel.close(promise: nil) }
        await victim.stop()
        await outside.stop()
    }

    @Test func aNewInboundPeerEvictsTheWorstScoredInboundPeer() async throws {
        defer { harness.cleanUp() }
        let victim = try await node("victim", """
            node: { peers: { target: 0, max: 2 } }
            plugins: { devp2p: { host: 127.0.0.1, port: 0 } }
            """)
        let victimPort = try await port(of: victim)
        let first = try await Self.authenticated(port: victimPort, victim: victim)
        let penalised = try await Self.authenticated(port: victimPort, victim: victim)
        try await eventually("both inbound peers are admitted") { await victim.network.status().peers.count == 2 }
        await victim.network.penalize(penalised.identity, .minor("test: a worse record"))
        let evictions = EventLog(victim.events, PeerEvicted.self)
        let newcomer = try await Self.authenticated(port: victimPort, victim: victim)
        let eviction = await evictions.next(timeout: .seconds(5))
        #expect(eviction?.peer == penalised.identity)
        #expect(eviction?.newcomer == newcomer.identity)
        #expect(await penalised.waitClosed(within: .seconds(5)))
        try await eventually("the newcomer holds the freed slot") {
            Set(await victim.network.status().peers.map(\.id)) == [first.identity.hex, newcomer.identity.hex]
        }
        for peer in [first, newcomer] { peer.channel.close(promise: nil) }
        await victim.stop()
    }
}

/// How many sockets the flood opened so far (the test waits for it instead of sleeping).
final class FloodCounter: Sendable {
    let value = Atomic<Int>(0)
}
