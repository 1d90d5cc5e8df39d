import Foundation
import Kernel
import Libp2pCore
import Synchronization
import Testing
import TestKit
@testable import Libp2p

/// One router on virtual time whose peers are scripted: each peer's RPCs are handed to the router by the
/// test, and what the router sends each peer is recorded. Score components are checked one at a time
/// (every other weight zero) with their effect on the router.
final class ScriptedPubsubPeers: @unchecked Sendable {
    let clock = ManualClock()
    let router: GossipsubRouter
    let sent = Mutex<[(to: PeerID, rpc: PubsubRPC)]>([])

    struct Link: GossipsubLink {
        let owner: ScriptedPubsubPeers
        let to: PeerID
        let record: [UInt8]?
        func enqueue(_ rpc: [UInt8]) async -> Bool {
            if let decoded = try? PubsubRPC(decoding: rpc) { owner.sent.withLock { $0.append((to, decoded)) } }
            return true
        }
        var signedPeerRecord: [UInt8]? { record }
    }

    /// The records the router passed on from peer exchange.
    final class Exchanged: Sendable {
        let records = Mutex<[SignedPeerRecord]>([])
    }
    private let exchanged = Exchanged()
    var exchangedRecords: [SignedPeerRecord] { exchanged.records.withLock { $0 } }

    init(_ parameters: GossipsubParameters) {
        let box = exchanged
        router = GossipsubRouter(parameters: parameters, clock: clock, exchange: { records in box.records.withLock { $0 += records } })
    }

    static func peer(_ i: Int) -> PeerID { PeerID([0x50, UInt8(i)] + Array(repeating: 9, count: 30)) }

    /// Connects scripted peer `i` (subscribed to `topics`) from `ip`.
    @discardableResult
    func connect(_ i: Int, ip: String? = nil, topics: [String] = [], outbound: Bool = true, record: [UInt8]? = nil) async -> PeerID {
        let id = Self.peer(i)
        await router.addPeer(id, proto: .meshsub11, outbound: outbound, ip: ip ?? "10.5.0.\(i)", link: Link(owner: self, to: id, record: record))
        if !topics.isEmpty { await router.handle(PubsubRPC(subscriptions: topics.map { .init(subscribe: true, topic: $0) }), from: id) }
        return id
    }

    func tick(_ seconds: Int = 1) async {
        clock.advance(by: .seconds(seconds))
        await router.heartbeat()
    }

    func rpcs(to id: PeerID) -> [PubsubRPC] { sent.withLock { $0.filter { $0.to == id }.map(\.rpc) } }
    func clearSent() { sent.withLock { $0.removeAll() } }
}

@Suite struct GossipsubScoreTests {
    let topic = "/waku/1/default/rlp"

    /// Score parameters with every weight zero, decays of 1 (counters keep their value) and the default thresholds.
    static func neutral() -> GossipsubParameters {
        var p = GossipsubParameters()
        p.score.timeInMeshWeight = 0
        p.score.firstMessageDeliveriesWeight = 0
        p.score.firstMessageDeliveriesDecay = 1
        p.score.meshMessageDeliveriesDecay = 1
        p.score.meshFailurePenaltyDecay = 1
        p.score.invalidMessageDeliveriesWeight = 0
        p.score.behaviourPenaltyWeight = 0
        p.opportunisticGraftTicks = 0
        return p
    }

    func expectClose(_ a: Double, _ b: Double, _ what: String) {
        #expect(abs(a - b) < 1e-6, "\(what): \(a), expected \(b)")
    }

    @Test func p1TimeInMeshGrowsPerQuantumUpToItsCap() async throws {
        var p = Self.neutral()
        p.score.timeInMeshWeight = 0.01
        p.score.timeInMeshCap = 50
        let net = ScriptedPubsubPeers(p)
        let b = await net.connect(1, topics: [topic])
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        #expect(await net.router.meshPeers(topic) == [b])
        expectClose(await net.router.peerScore(b), 0, "P1 at graft")
        await net.tick(30)
        expectClose(await net.router.peerScore(b), 0.3, "P1 after 30 quanta")
        await net.tick(40)
        expectClose(await net.router.peerScore(b), 0.5, "P1 capped at 50 quanta")
        // Out of the mesh P1 no longer counts.
        await net.router.handle(PubsubRPC(control: .init(prune: [.init(topic: topic)])), from: b)
        expectClose(await net.router.peerScore(b), 0, "P1 after PRUNE")
    }

    @Test func p2FirstDeliveriesCountOncePerMessageCappedAndDecayed() async throws {
        var p = Self.neutral()
        p.score.firstMessageDeliveriesWeight = 1
        p.score.firstMessageDeliveriesCap = 10
        p.score.firstMessageDeliveriesDecay = 0.5
        let net = ScriptedPubsubPeers(p)
        let b = await net.connect(1, topics: [topic]), c = await net.connect(2, topics: [topic])
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        for i in 0..<3 { await net.router.handle(PubsubRPC(publish: [.init(data: [1, UInt8(i)], topic: topic)]), from: b) }
        // c delivers the same three later: duplicates earn nothing.
        for i in 0..<3 { await net.router.handle(PubsubRPC(publish: [.init(data: [1, UInt8(i)], topic: topic)]), from: c) }
        expectClose(await net.router.peerScore(b), 3, "P2 of b")
        expectClose(await net.router.peerScore(c), 0, "P2 of c (only duplicates)")
        for i in 0..<20 { await net.router.handle(PubsubRPC(publish: [.init(data: [2, UInt8(i)], topic: topic)]), from: c) }
        expectClose(await net.router.peerScore(c), 10, "P2 capped")
        await net.tick()
        expectClose(await net.router.peerScore(c), 5, "P2 decayed once")
        expectClose(await net.router.peerScore(b), 1.5, "P2 of b decayed once")
    }

    @Test func p3DeliveryDeficitThenP3bFailurePenaltyPruneAnUnderdeliveringMeshPeer() async throws {
        var p = Self.neutral()
        p.score.meshMessageDeliveriesWeight = -1
        p.score.meshMessageDeliveriesThreshold = 4
        p.score.meshMessageDeliveriesCap = 10
        p.score.meshMessageDeliveriesActivationSeconds = 5
        p.score.meshFailurePenaltyWeight = -1
        let net = ScriptedPubsubPeers(p)
        let b = await net.connect(1, topics: [topic]), c = await net.connect(2, topics: [topic])
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        #expect(await net.router.meshPeers(topic) == [b, c])
        // b delivers 2 messages first, c sends the same 2 late (still counted for P3: a mesh duplicate), then 3 of its own.
        for i in 0..<2 { await net.router.handle(PubsubRPC(publish: [.init(data: [3, UInt8(i)], topic: topic)]), from: b) }
        for i in 0..<5 { await net.router.handle(PubsubRPC(publish: [.init(data: [3, UInt8(i)], topic: topic)]), from: c) }
        // Not active yet: no deficit before the activation window.
        await net.tick(1)
        expectClose(await net.router.peerScore(b), 0, "P3 before activation")
        await net.tick(5)
        expectClose(await net.router.peerScore(b), -4, "P3 = (4 - 2)² × -1")
        expectClose(await net.router.peerScore(c), 0, "c delivered 5 ≥ 4")
        // The negative score prunes b at the next heartbeat; the deficit stays as P3b.
        net.clearSent()
        await net.tick(1)
        #expect(await net.router.meshPeers(topic) == [c])
        #expect(net.rpcs(to: b).contains { $0.control?.prune.first?.topic == topic })
        expectClose(await net.router.peerScore(b), -4, "P3b = 2² × -1 after leaving the mesh")
        await net.tick(10)
        expectClose(await net.router.peerScore(b), -4, "P3b is sticky (decay 1)")
        #expect(await !net.router.meshPeers(topic).contains(b), "a negative peer is not grafted back")
    }

    @Test func p6IPColocationPenalisesPeersSharingAnAddressAndKeepsThemOutOfTheMesh() async throws {
        var p = Self.neutral()
        p.score.ipColocationFactorWeight = -1
        p.score.ipColocationFactorThreshold = 1
        let net = ScriptedPubsubPeers(p)
        var shared: [PeerID] = []
        for i in 1...3 { shared.append(await net.connect(i, ip: "10.9.9.9", topics: [topic])) }
        let alone = await net.connect(4, ip: "10.9.9.10", topics: [topic])
        for id in shared { expectClose(await net.router.peerScore(id), -4, "P6 = (3 - 1)² × -1") }
        expectClose(await net.router.peerScore(alone), 0, "P6 of a peer alone on its IP")
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        #expect(await net.router.meshPeers(topic) == [alone], "only the non-colocated peer is grafted")
        await net.router.removePeer(shared[2])
        for id in shared.prefix(2) { expectClose(await net.router.peerScore(id), -1, "P6 = (2 - 1)² × -1") }
        await net.router.removePeer(shared[1])
        expectClose(await net.router.peerScore(shared[0]), 0, "P6 once alone again")
    }

    @Test func aGraylistedPeersRPCsAreIgnoredEntirely() async throws {
        let net = ScriptedPubsubPeers(GossipsubParameters())
        let b = await net.connect(1)
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        await net.router.setApplicationScore(b, -100)   // P5 below the graylist threshold (-80)
        let body = PubsubRPC(subscriptions: [.init(subscribe: true, topic: topic)],
                             publish: [.init(data: [9], topic: topic)],
                             control: .init(iwant: [.init(messageIDs: [[1]])], graft: [.init(topic: topic)])).bytes
        let heard = await net.router.receive(body, from: b)
        #expect(heard == .pause(GossipsubParameters().heartbeatInterval), "the reader is told to stop reading a graylisted peer")
        #expect(await net.router.topics(of: b).isEmpty, "subscription ignored")
        #expect(await !net.router.meshPeers(topic).contains(b), "GRAFT ignored")
        let stats = await net.router.stats.snapshot
        #expect(stats.graylistedRPCs == 1 && stats.delivered == 0 && stats.graftsRefused == 0)
        #expect(net.rpcs(to: b).allSatisfy { $0.control == nil && $0.publish.isEmpty }, "nothing answered")
        // Also when the RPC does not even decode: ignored, not counted as malformed.
        await net.router.receive([0x0a, 0xff], from: b)
        #expect(await net.router.stats.snapshot.malformedRPCs == 0)
        await net.router.setApplicationScore(b, 0)
        let heardAgain = await net.router.receive(body, from: b)
        #expect(heardAgain == .keepReading)
        #expect(await net.router.topics(of: b) == [topic], "heard again once the score recovers")
    }

    @Test func belowTheGossipThresholdNoIHaveGoesOutAndNoneIsAnswered() async throws {
        var p = GossipsubParameters()
        p.d = 1; p.dLow = 1; p.dHigh = 1; p.dOut = 0
        let net = ScriptedPubsubPeers(p)
        let low = await net.connect(1, topics: [topic])
        await net.router.setApplicationScore(low, -20)   // below gossip (-10), above publish (-50)
        var fine: [PeerID] = []
        for i in 2...4 { fine.append(await net.connect(i, topics: [topic])) }
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        #expect(await !net.router.meshPeers(topic).contains(low))
        await net.router.publish(topic, data: [4, 2])
        net.clearSent()
        await net.tick()
        let ihaveTo = { (id: PeerID) in net.rpcs(to: id).contains { !($0.control?.ihave.isEmpty ?? true) } }
        let mesh = await net.router.meshPeers(topic)
        for id in fine where !mesh.contains(id) { #expect(ihaveTo(id), "IHAVE to a peer at score 0") }
        #expect(!ihaveTo(low), "no IHAVE below the gossip threshold")
        // An IHAVE from the low peer gets no IWANT; the same from a fine peer does.
        let ihave = PubsubRPC(control: .init(ihave: [.init(topic: topic, messageIDs: [[7, 7, 7]])]))
        net.clearSent()
        await net.router.handle(ihave, from: low)
        #expect(net.rpcs(to: low).isEmpty)
        await net.router.handle(ihave, from: fine[0])
        #expect(net.rpcs(to: fine[0]).contains { $0.control?.iwant.first?.messageIDs == [[7, 7, 7]] })
    }

    @Test func opportunisticGraftingAddsPeersScoringAboveTheMeshMedian() async throws {
        var p = Self.neutral()
        p.d = 2; p.dLow = 2; p.dHigh = 6; p.dOut = 0
        p.opportunisticGraftTicks = 2
        p.opportunisticGraftPeers = 2
        p.score.opportunisticGraftThreshold = 1
        let net = ScriptedPubsubPeers(p)
        let first = [await net.connect(1, topics: [topic]), await net.connect(2, topics: [topic])]
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        #expect(await net.router.meshPeers(topic) == Set(first))
        let good = [await net.connect(3, topics: [topic]), await net.connect(4, topics: [topic]), await net.connect(5, topics: [topic])]
        let average = await net.connect(6, topics: [topic])
        for (i, id) in good.enumerated() { await net.router.setApplicationScore(id, 5 + Double(i)) }
        await net.tick()   // heartbeat 1: not an opportunistic tick, the mesh (2 = D_lo) is left alone
        #expect(await net.router.meshPeers(topic) == Set(first))
        await net.tick()   // heartbeat 2: median 0 < 1, so 2 peers above the median join
        let mesh = await net.router.meshPeers(topic)
        #expect(mesh.count == 4, "\(mesh.count) mesh peers")
        #expect(mesh.isSuperset(of: first))
        #expect(mesh.subtracting(first).isSubset(of: Set(good)), "only above-median peers are grafted")
        #expect(!mesh.contains(average))
        #expect(await net.router.stats.snapshot.graftsSent == 4)
    }

    @Test func opportunisticGraftingWaitsWhileTheMedianIsAboveTheThreshold() async throws {
        var p = Self.neutral()
        p.d = 2; p.dLow = 2; p.dHigh = 6; p.dOut = 0
        p.opportunisticGraftTicks = 1
        p.score.opportunisticGraftThreshold = 1
        let net = ScriptedPubsubPeers(p)
        let first = [await net.connect(1, topics: [topic]), await net.connect(2, topics: [topic])]
        for id in first { await net.router.setApplicationScore(id, 2) }
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        let better = await net.connect(3, topics: [topic])
        await net.router.setApplicationScore(better, 50)
        await net.tick(); await net.tick()
        #expect(await net.router.meshPeers(topic) == Set(first))
    }
}
