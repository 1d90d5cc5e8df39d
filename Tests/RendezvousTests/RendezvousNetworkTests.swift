import Bootstrap
import Discv5
import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
import WakuProtocol
import WakuStore
@testable import Rendezvous

/// `/rend/0.1.0` between Parley nodes over real libp2p loopback sockets (TCP + Noise + yamux): a client
/// against a rendezvous point with good and hostile requests, the demo-sized network (rendezvous point, two
/// full, two light) finding its peers through rendezvous only, and a runtime swap that keeps connections.
@Suite(.serialized) struct RendezvousNetworkTests {
    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory(),
                                               BootstrapPlugin.factory(), BootstrapPeersPlugin.factory()])
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path

    struct Node {
        let kernel: Kernel
        let peers: WakuPeers
        let stats: RendStats
        var libp2pID: PeerID { PeerID(Libp2pPlugin.peerID(of: kernel.identity).bytes) }
    }

    func start(_ name: String, _ profile: String, _ extra: [String] = []) async throws -> Node {
        let peers = WakuPeers(), stats = RendStats()
        let registry = harness.registry(including: [
            WakuPlugin.factory(peers: peers), SendPlugin.factory(), ReceivePlugin.factory(), RelayPlugin.factory(),
            StorePlugin.factory(), HistoryPlugin.factory(), RendezvousPlugin.factory(stats: stats), Discv5Plugin.factory(),
        ])
        var overrides = ["libp2p.host=127.0.0.1", "libp2p.port=0"] + extra
        if !profile.hasPrefix("rendezvous") { overrides += ["send.pow=0.00001"] }
        let kernel = try harness.kernel(name, registry: registry)
        let loaded = profile.contains("\n")
            ? try ProfileLoader.parse(text: profile, file: "\(name).yaml", overrides: overrides, baseDirectory: Self.profiles)
            : try ProfileLoader.load(path: "\(Self.profiles)/\(profile).yaml", overrides: overrides)
        try await kernel.start(loaded)
        return Node(kernel: kernel, peers: peers, stats: stats)
    }

    /// The Status fleet form of a rendezvous address: `/ip4/…/tcp/…/ethv4/<peer id>`.
    func ethv4(of node: Node) async throws -> String {
        let port = try #require(await node.kernel.status().network.listenPorts["libp2p"])
        return "/ip4/127.0.0.1/tcp/\(port)/ethv4/\(Libp2pPlugin.peerID(of: node.kernel.identity).base58)"
    }

    func connect(to node: Node) async throws -> (Libp2pClient, Libp2pClientConnection) {
        let client = Libp2pClient(identity: .secp256k1(PrivateKey.generate()))
        let port = try #require(await node.kernel.status().network.listenPorts["libp2p"])
        let address = try Multiaddr(parsing: "/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: node.kernel.identity).base58)")
        return (client, try await client.connect(address))
    }

    func record(port: UInt16) throws -> NodeRecord {
        try NodeRecord.build(seq: 1, ip: [127, 0, 0, 1], tcp: port, udp: port, signingWith: PrivateKey.generate())
    }

    @Test(.timeLimit(.minutes(2))) func clientAndRendezvousPointOverLibp2p() async throws {
        defer { harness.cleanUp() }
        let point = try await start("point", "rendezvous-point", ["rendezvous.idle-timeout-seconds=5", "rendezvous.requests-per-second=1000"])
        let (client, connection) = try await connect(to: point)
        let stats = RendStats()
        let stream = try await connection.openStream(RendHandler.protocolID)
        let rend = RendClient(stream: stream, clock: SystemClock(), timeout: .seconds(5), stats: stats)
        let mine = try record(port: 30_303)
        try await rend.register(topic: "whisper", record: mine, ttlNanoseconds: 10_000_000_000)
        try await rend.register(topic: "whispermail", record: mine, ttlNanoseconds: 10_000_000_000)
        #expect(try await rend.discover(topic: "whisper", limit: 10) == [mine])
        #expect(try await rend.discover(topic: "nobody", limit: 10).isEmpty)
        #expect(point.stats.registrations == 2)

        // The server's answers to bad requests, each on the same stream.
        await #expect(throws: RendClientError.refused(.invalidTTL, "E_INVALID_TTL")) {
            try await rend.register(topic: "whisper", record: mine, ttlNanoseconds: 20_000_000_001)
        }
        await #expect(throws: RendClientError.refused(.invalidNamespace, "E_INVALID_NAMESPACE")) {
            try await rend.register(topic: String(repeating: "x", count: 51), record: mine, ttlNanoseconds: 1)
        }
        await #expect(throws: RendClientError.refused(.invalidLimit, "E_INVALID_LIMIT")) {
            _ = try await rend.discover(topic: "whisper", limit: 0)
        }
        for i in 0..<12 { try await rend.register(topic: "many", record: try record(port: UInt16(31_000 + i)), ttlNanoseconds: 10_000_000_000) }
        let answer = try await rend.request(.discover(limit: 1_000_000, topic: Array("many".utf8)), expecting: .discoverResponse)
        guard case .discoverResponse(.ok, _, let clamped) = answer else { Issue.record("\(answer)"); return }
        #expect(clamped.count == 10)
        // A record with a bad signature, hand-built: E_INVALID_ENR.
        var tampered = mine.rlpBytes
        tampered[6] ^= 0x01
        let body = RLP.encodeList(ofEncoded: [RLP.encode(.string("whisper")), tampered, RLP.encode(.uint(1_000_000_000))])
        try await stream.send(FramedMessage(code: RendMessageType.register.rawValue, payload: body))
        let reply = try #require(try await stream.receive())
        #expect(try RendCodec.decode(reply) == .registerResponse(status: .invalidENR, message: "invalid ENR: the signature does not verify"))
        // Undecodable body: E_INVALID_CONTENT.
        try await stream.send(FramedMessage(code: RendMessageType.discover.rawValue, payload: [0xc2, 0xc0, 0xc0]))
        guard case .discoverResponse(.invalidContent, _, _) = try RendCodec.decode(try #require(try await stream.receive())) else {
            Issue.record("expected E_INVALID_CONTENT"); return
        }
        #expect((point.stats.drops["malformed-request"] ?? 0) == 2)
        await stream.close()

        // A stream that never sends is closed after the idle timeout, 5 s here (the next stream is served once the first ended).
        let idle = try await connection.openStream(RendHandler.protocolID)
        let ended: FramedMessage?? = try? await idle.receive()
        #expect(ended == nil || ended! == nil)
        try await eventually("the idle stream was counted") { (point.stats.drops["idle-timeout"] ?? 0) >= 1 }
        await idle.close()

        // An unknown type ends the stream, and the protocol-violation penalty disconnects the peer.
        let hostile = try await connection.openStream(RendHandler.protocolID)
        try await hostile.send(FramedMessage(code: 9, payload: [0xc0]))
        let afterReset: FramedMessage?? = try? await hostile.receive()
        #expect(afterReset == nil || afterReset! == nil)
        try await eventually("the unknown type was counted") { (point.stats.drops["unknown-type"] ?? 0) == 1 }
        await connection.close()
        await client.shutdown()
        await point.kernel.stop()
    }

    /// The demo shape: a rendezvous point, two full and two light nodes, every node knowing only the point's
    /// `ethv4` address; static peers and pex are off, so every Waku link comes from rendezvous.
    @Test(.timeLimit(.minutes(2))) func demoNetworkFindsItsPeersThroughRendezvousOnly() async throws {
        defer { harness.cleanUp() }
        let point = try await start("point", "rendezvous-point")
        let server = "rendezvous.servers=[\(try await ethv4(of: point))]"
        // A dial lost to two nodes dialling each other at once is retried when a later DISCOVER finds the peer again
        // (after six re-registration periods): give the budget room for those DISCOVERs at the 1 s period.
        let fast = ["rendezvous.reregister-seconds=1", "rendezvous.discovers-per-minute=240", server]
        let full1 = try await start("full1", "full-rendezvous", fast)
        let full2 = try await start("full2", "full-rendezvous", fast)
        let light1 = try await start("light1", "light-rendezvous", fast)
        let light2 = try await start("light2", "light-rendezvous", fast)
        func linked(_ a: Node, _ b: Node) async -> Bool { await a.peers.session(for: b.libp2pID) != nil }
        try await eventually("the full nodes found each other", timeout: .seconds(60)) { await linked(full1, full2) }
        for light in [light1, light2] {
            try await eventually("a light node reached both full nodes", timeout: .seconds(40)) {
                let one = await linked(light, full1)
                let two = await linked(light, full2)
                return one && two
            }
        }
        #expect(point.stats.registrations > 0)
        for node in [full1, full2, light1, light2] {
            #expect(node.stats.discovered > 0)
            let traffic = await node.kernel.status().network.sourceTraffic["rendezvous"]
            #expect((traffic?.bytesOut ?? 0) > 0)
        }
        // Light nodes do not register: only the two full nodes are held, under two topics each.
        let point2 = await point.kernel.status().network
        #expect(point2.peers.count == 4)
        for node in [light1, light2, full1, full2, point] { await node.kernel.stop() }
    }

    /// Static peers, discv5 and rendezvous in one node at once: the static peer and the peer registered at the
    /// point are both connected, the discv5 lookup reaches its bootnode, and each source's bytes show apart.
    @Test(.timeLimit(.minutes(2))) func staticPeersDiscv5AndRendezvousRunTogether() async throws {
        defer { harness.cleanUp() }
        let boot = try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock())
        let bootENR = await boot.localRecord.text
        let point = try await start("point", "rendezvous-point")
        let server = try await ethv4(of: point)
        let viaStatic = try await start("static", "full-libp2p")
        let staticPort = try #require(await viaStatic.kernel.status().network.listenPorts["libp2p"])
        let staticAddress = "/ip4/127.0.0.1/tcp/\(staticPort)/p2p/\(Libp2pPlugin.peerID(of: viaStatic.kernel.identity).base58)"
        let viaRendezvous = try await start("registered", "full-rendezvous", ["rendezvous.reregister-seconds=1", "rendezvous.servers=[\(server)]"])
        let node = try await start("three", """
            name: three-sources
            extends: full-rendezvous
            node: { peers: { target: 8, max: 16 } }
            plugins:
              static-peers: { peers: ["\(staticAddress)"] }
              discv5: { host: 127.0.0.1, port: 0, bootnodes: ["\(bootENR)"], role: full, capabilities: [relay, store] }
              rendezvous: { servers: ["\(server)"], reregister-seconds: 1 }
            """)
        let running = await node.kernel.runningPlugins
        #expect(["static-peers", "discv5", "rendezvous"].allSatisfy(running.contains), "\(running)")
        try await eventually("the static peer and the registered peer are connected", timeout: .seconds(40)) {
            let one = await node.peers.session(for: viaStatic.libp2pID) != nil
            let two = await node.peers.session(for: viaRendezvous.libp2pID) != nil
            return one && two
        }
        try await eventually("the discv5 lookup reached the bootnode", timeout: .seconds(20)) { await boot.tableCount >= 1 }
        let traffic = await node.kernel.status().network.sourceTraffic
        #expect((traffic["discv5"]?.bytesOut ?? 0) > 0 && (traffic["rendezvous"]?.bytesOut ?? 0) > 0, "\(traffic)")
        for n in [node, viaRendezvous, viaStatic, point] { await n.kernel.stop() }
        await boot.stop()
    }

    /// Swapping a running full node from static peers to rendezvous with the kernel's apply keeps its connection.
    @Test(.timeLimit(.minutes(2))) func runtimeSwapFromStaticPeersToRendezvousKeepsConnections() async throws {
        defer { harness.cleanUp() }
        let point = try await start("point", "rendezvous-point")
        let other = try await start("other", "full-libp2p")
        let port = try #require(await other.kernel.status().network.listenPorts["libp2p"])
        let otherAddress = "/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: other.kernel.identity).base58)"
        let node = try await start("node", "full-libp2p", ["static-peers.peers=[\(otherAddress)]"])
        let disconnected = EventLog(node.kernel.events, PeerDisconnected.self)
        try await eventually("the static peer is connected", timeout: .seconds(20)) { await node.peers.session(for: other.libp2pID) != nil }
        let swapped = try ProfileLoader.load(path: "\(Self.profiles)/full-rendezvous.yaml", overrides: [
            "libp2p.host=127.0.0.1", "libp2p.port=0",
            "send.pow=0.00001", "rendezvous.servers=[\(try await ethv4(of: point))]", "rendezvous.reregister-seconds=1",
        ])
        let report = try await node.kernel.apply(swapped)
        #expect(report.started == ["rendezvous"])
        #expect(report.stopped.contains("static-peers"))
        try await eventually("the node registered at the point", timeout: .seconds(20)) { point.stats.registrations > 0 }
        #expect(disconnected.pending == 0)
        #expect(await node.peers.session(for: other.libp2pID) != nil)
        for n in [node, other, point] { await n.kernel.stop() }
    }

    /// libp2p `/rendezvous/1.0.0` as the discovery source (profile `protocol: rendezvous`): two full nodes register
    /// signed peer records at a Parley rendezvous point, a light node only discovers, and every Waku link comes from
    /// the records' addresses; traffic is counted under the `rendezvous` source.
    @Test(.timeLimit(.minutes(2))) func libp2pRendezvousSourceFindsAndConnectsPeers() async throws {
        defer { harness.cleanUp() }
        let point = try await start("point", "rendezvous-point")
        let flavour = ["rendezvous.protocol=rendezvous", "rendezvous.reregister-seconds=1", "rendezvous.discovers-per-minute=240", "rendezvous.servers=[\(try await ethv4(of: point))]"]
        let full1 = try await start("full1", "full-rendezvous", flavour)
        let full2 = try await start("full2", "full-rendezvous", flavour)
        let light = try await start("light", "light-rendezvous", flavour)
        func linked(_ a: Node, _ b: Node) async -> Bool { await a.peers.session(for: b.libp2pID) != nil }
        try await eventually("the full nodes found each other", timeout: .seconds(60)) { await linked(full1, full2) }
        try await eventually("the light node reached both full nodes", timeout: .seconds(40)) {
            let one = await linked(light, full1)
            let two = await linked(light, full2)
            return one && two
        }
        // Only the full nodes register, each under whisper and whispermail, all over /rendezvous/1.0.0.
        #expect(point.stats.v1Registrations >= 4)
        #expect(point.stats.registrations == point.stats.v1Registrations)
        for node in [full1, full2, light] {
            #expect(node.stats.discovered > 0)
            let traffic = await node.kernel.status().network.sourceTraffic["rendezvous"]
            #expect((traffic?.bytesOut ?? 0) > 0 && (traffic?.bytesIn ?? 0) > 0)
        }
        for node in [light, full1, full2, point] { await node.kernel.stop() }
    }

    /// `parley ctl apply` swaps a running client from `/rend/0.1.0` to `/rendezvous/1.0.0`: the plugin restarts, the
    /// new client takes over the stream parked when the point was dialled, and no connection drops.
    @Test(.timeLimit(.minutes(2))) func runtimeSwapBetweenRendezvousFlavoursKeepsConnections() async throws {
        defer { harness.cleanUp() }
        let point = try await start("point", "rendezvous-point")
        let servers = "rendezvous.servers=[\(try await ethv4(of: point))]"
        // Room in the budget for the DISCOVER that retries a dial lost to a simultaneous dial (see the demo test).
        let full1 = try await start("full1", "full-rendezvous", ["rendezvous.reregister-seconds=1", "rendezvous.discovers-per-minute=240", servers])
        let full2 = try await start("full2", "full-rendezvous", ["rendezvous.reregister-seconds=1", "rendezvous.discovers-per-minute=240", servers])
        try await eventually("the full nodes found each other over /rend/0.1.0", timeout: .seconds(60)) {
            await full2.peers.session(for: full1.libp2pID) != nil
        }
        #expect(point.stats.v1Registrations == 0)
        let disconnected = EventLog(full2.kernel.events, PeerDisconnected.self)
        let swapped = try ProfileLoader.load(path: "\(Self.profiles)/full-rendezvous.yaml", overrides: [
            "libp2p.host=127.0.0.1", "libp2p.port=0", "send.pow=0.00001", servers, "rendezvous.reregister-seconds=1",
            "rendezvous.protocol=rendezvous",
        ])
        let report = try await full2.kernel.apply(swapped)
        #expect(report.restarted.contains("rendezvous"), "\(report)")
        #expect(!report.restarted.contains("libp2p") && !report.stopped.contains("libp2p"), "\(report)")
        try await eventually("full2 registers over /rendezvous/1.0.0", timeout: .seconds(20)) { point.stats.v1Registrations > 0 }
        #expect(disconnected.pending == 0)
        #expect(await full2.peers.session(for: full1.libp2pID) != nil)
        for node in [full1, full2, point] { await node.kernel.stop() }
    }
}
