import Crypto
import Foundation
import Kernel
import Libp2pCore
import StaticPeers
import Testing
import TestKit
@testable import Libp2p

/// Gossipsub v1.1 peer exchange: signed peer records, what a PRUNE offers, when offered peers are
/// accepted, and three real nodes on loopback where a PRUNE's PX makes one node dial another.
@Suite(.serialized) struct GossipsubPeerExchangeTests {
    let topic = "/waku/1/default/rlp"

    static func record(port: UInt16 = 4001, key: Libp2pIdentityKey = .ed25519(.init())) throws -> SignedPeerRecord {
        try SignedPeerRecord(signing: key, seq: 7, addresses: [try Multiaddr(parsing: "/ip4/127.0.0.1/tcp/\(port)")])
    }

    @Test func signedPeerRecordsRoundTripAndRejectTampering() throws {
        let key = Libp2pIdentityKey.ed25519(.init())
        let record = try Self.record(port: 4242, key: key)
        let parsed = try SignedPeerRecord(verifying: record.envelope)
        #expect(parsed.peerID == key.peerID && parsed.seq == 7)
        #expect(parsed.addresses.first?.tcpEndpoint?.port == 4242)
        var tampered = record.envelope
        tampered[tampered.count - 1] ^= 1   // the signature's last byte
        #expect(throws: SignedPeerRecordError.self) { try SignedPeerRecord(verifying: tampered) }
        #expect(throws: SignedPeerRecordError.self) { try SignedPeerRecord(verifying: [0x0a, 0x03, 1, 2]) }
        #expect(throws: SignedPeerRecordError.self) { try SignedPeerRecord(verifying: [UInt8](repeating: 0, count: 5000)) }
        // A secp256k1 identity signs records too.
        let secp = try Libp2pIdentityKey(protobuf: [0x08, 0x02, 0x12, 0x20] + [UInt8](repeating: 0x11, count: 32))
        #expect(try SignedPeerRecord(verifying: try Self.record(key: secp).envelope).peerID == secp.peerID)
    }

    @Test func aPruneOnLeavingOffersTheOtherTopicPeersWithTheirRecords() async throws {
        let net = ScriptedPubsubPeers(GossipsubParameters())
        var records: [PeerID: SignedPeerRecord] = [:]
        var ids: [PeerID] = []
        for i in 1...3 {
            let record = try Self.record(port: UInt16(5000 + i))
            let id = await net.connect(i, topics: [topic], record: record.envelope)
            records[id] = record
            ids.append(id)
        }
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        net.clearSent()
        await net.router.leave(topic)
        for id in ids {
            let prunes = net.rpcs(to: id).compactMap { rpc -> PubsubRPC.Prune? in rpc.control?.prune.first }
            let prune = try #require(prunes.first)
            let offered = Set(prune.peers.compactMap(\.peerID))
            #expect(offered == Set(ids.filter { $0 != id }.map(\.bytes)), "the others, not the pruned peer itself")
            for info in prune.peers { #expect(info.signedPeerRecord == records[PeerID(info.peerID!)]?.envelope) }
        }
        #expect(await net.router.stats.snapshot.pxOffered == 6)
    }

    @Test func pxIsAcceptedOnlyFromAWellScoredPeerAndOnlyWithValidRecords() async throws {
        let net = ScriptedPubsubPeers(GossipsubParameters())
        let pruner = await net.connect(1, topics: [topic]), stranger = await net.connect(2, topics: [topic])
        let c = try Self.record(port: 6001), d = try Self.record(port: 6002)
        var forged = try Self.record(port: 6003).envelope
        forged[forged.count - 1] ^= 1
        let prune = PubsubRPC(control: .init(prune: [.init(topic: topic, peers: [
            .init(peerID: c.peerID.bytes, signedPeerRecord: c.envelope),
            .init(peerID: d.peerID.bytes, signedPeerRecord: d.envelope),
            .init(peerID: Array(repeating: 1, count: 34), signedPeerRecord: forged),
            .init(peerID: c.peerID.bytes),                       // no record: no address to dial
            .init(peerID: stranger.bytes, signedPeerRecord: nil),
        ], backoff: 60)]))
        // Score 0 < acceptPXThreshold (10): ignored.
        await net.router.handle(prune, from: pruner)
        #expect(net.exchangedRecords.isEmpty)
        #expect(await net.router.stats.snapshot.pxIgnored == 1)
        // Above it: c and d are passed on, the forged record is refused and costs the sender P7.
        await net.router.setApplicationScore(pruner, 20)
        await net.router.handle(prune, from: pruner)
        #expect(Set(net.exchangedRecords.map(\.peerID)) == [c.peerID, d.peerID])
        let stats = await net.router.stats.snapshot
        #expect(stats.pxAccepted == 2 && stats.pxInvalidRecords == 1)
        #expect(GossipsubExchangeSource.address(of: c) == PeerAddress(scheme: "multiaddr", peerID: PeerID(c.peerID.bytes), host: "127.0.0.1", port: 6001))
    }

    @Test func theExchangeSourceHandsOutEachOfferedPeerOnce() async throws {
        let source = GossipsubExchangeSource()
        let records = try (0..<3).map { try Self.record(port: UInt16(7000 + $0)) }
        source.offer(records)
        source.offer([records[0]])
        #expect(try await source.nextPeers(limit: 2).count == 2)
        #expect(try await source.nextPeers(limit: 5).map(\.address.port) == [7002])
        #expect(try await source.nextPeers(limit: 5).isEmpty)
    }

    // MARK: three nodes on loopback

    struct Node {
        let kernel: Kernel
        let router: GossipsubRouter
        let address: String
        let peerID: PeerID
    }

    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory()])

    func start(_ name: String, peers: [String], gossipsub: String = "heartbeat-seconds: 0.2") async throws -> Node {
        let handoff = ServiceHandoff<any PubsubRouter>()
        let kernel = try harness.kernel(name, registry: harness.registry(including: [GossipsubPlugin.factory(handoff: handoff)]))
        let staticPeers = peers.isEmpty ? "" : ", static-peers: { peers: [\"\(peers.joined(separator: "\",\""))\"] }"
        try await kernel.start(harness.profile(name, """
            node: { log-level: error }
            plugins: { libp2p: { host: 127.0.0.1, port: 0 }, gossipsub: { \(gossipsub) }\(staticPeers) }
            """))
        let router = try #require(await handoff.value as? GossipsubRouter)
        let port = try #require(await kernel.status().network.listenPorts["libp2p"])
        let id = Libp2pPlugin.peerID(of: kernel.identity)
        return Node(kernel: kernel, router: router, address: "/ip4/127.0.0.1/tcp/\(port)/p2p/\(id)", peerID: PeerID(id.bytes))
    }

    @Test(.timeLimit(.minutes(2))) func threeNodesAPruneWithPXMakesTheOtherTwoMeet() async throws {
        defer { harness.cleanUp() }
        let hub = try await start("hub", peers: [])
        // b trusts PX from any peer with a non-negative score (the hub's is ~0 after a few heartbeats).
        let b = try await start("b", peers: [hub.address], gossipsub: "heartbeat-seconds: 0.2, score: { accept-px-threshold: 0 }")
        let c = try await start("c", peers: [hub.address])
        for node in [hub, b, c] { _ = await node.router.join(topic, policy: ContentAddressedPolicy()) }
        try await eventually("b and c meshed with the hub", timeout: .seconds(30)) {
            await hub.router.meshPeers(topic) == [b.peerID, c.peerID]
        }
        #expect(await !b.kernel.status().network.peers.map(\.id).contains(c.peerID.hex))
        // The hub leaves the topic: its PRUNE to b offers c (with the record c signed in identify).
        await hub.router.leave(topic)
        try await eventually("b dialled c from the PX", timeout: .seconds(30)) {
            let accepted = await b.router.stats.snapshot.pxAccepted
            let peers = await b.kernel.status().network.peers
            return accepted >= 1 && peers.contains { $0.id == c.peerID.hex }
        }
        try await eventually("b and c mesh directly", timeout: .seconds(30)) { await b.router.meshPeers(topic).contains(c.peerID) }
        #expect(await hub.router.stats.snapshot.pxOffered >= 2)
        for node in [c, b, hub] { await node.kernel.stop() }
    }
}
