import Foundation
import Kernel
import Libp2pCore
import Synchronization
import Testing
import TestKit
@testable import Libp2p

/// Routers wired by in-memory links that queue RPCs until the test settles them: mesh, fanout, gossip,
/// GRAFT/PRUNE and backoff, seen-cache, StrictNoSign and the peer score, on virtual time.
final class QueuedPubsubNet: @unchecked Sendable {
    struct Pending { let to: PeerID; let from: PeerID; let bytes: [UInt8] }
    let clock = ManualClock()
    private let queue = Mutex<[Pending]>([])
    /// Returns true to drop an RPC in transit.
    let dropRule = Mutex<(@Sendable (PeerID, PeerID, PubsubRPC) -> Bool)?>(nil)
    private(set) var routers: [PeerID: GossipsubRouter] = [:]
    private(set) var ids: [PeerID] = []
    let received = ReceivedLog()

    /// What each node's subscription delivered.
    final class ReceivedLog: Sendable {
        private let state = Mutex<[PeerID: [[UInt8]]]>([:])
        func add(_ data: [UInt8], to id: PeerID) { state.withLock { $0[id, default: []].append(data) } }
        subscript(id: PeerID) -> [[UInt8]] { state.withLock { $0[id] ?? [] } }
    }

    struct Link: GossipsubLink {
        let net: QueuedPubsubNet
        let from: PeerID, to: PeerID
        func enqueue(_ rpc: [UInt8]) async -> Bool {
            net.queue.withLock { $0.append(Pending(to: to, from: from, bytes: rpc)) }
            return true
        }
    }

    static func peer(_ i: Int) -> PeerID { PeerID([UInt8(i >> 8), UInt8(i & 0xff)] + Array(repeating: 7, count: 30)) }

    @discardableResult
    func add(_ count: Int, parameters: GossipsubParameters = GossipsubParameters(), policy: (any PubsubTopicPolicy)? = nil) -> [PeerID] {
        var added: [PeerID] = []
        for _ in 0..<count {
            let id = Self.peer(ids.count + 1)
            routers[id] = GossipsubRouter(parameters: parameters, clock: clock)
            ids.append(id)
            added.append(id)
        }
        return added
    }

    func connect(_ a: PeerID, _ b: PeerID, proto: PubsubProtocol = .meshsub11) async {
        await routers[a]!.addPeer(b, proto: proto, outbound: true, ip: "10.0.\(b.bytes[0]).\(b.bytes[1])", link: Link(net: self, from: a, to: b))
        await routers[b]!.addPeer(a, proto: proto, outbound: false, ip: "10.0.\(a.bytes[0]).\(a.bytes[1])", link: Link(net: self, from: b, to: a))
    }

    func connectAll() async {
        for (i, a) in ids.enumerated() { for b in ids[(i + 1)...] { await connect(a, b) } }
    }

    /// Joins `topic` on `nodes` and records what each receives.
    func join(_ topic: String, _ nodes: [PeerID], policy: any PubsubTopicPolicy = ContentAddressedPolicy()) async {
        for id in nodes {
            let stream = await routers[id]!.join(topic, policy: policy)
            Task { [received] in for await d in stream { received.add(d.data, to: id) } }
        }
    }

    /// Delivers queued RPCs (and the ones they cause) until none are left.
    func settle() async {
        for _ in 0..<10_000 {
            let batch = queue.withLock { q -> [Pending] in defer { q.removeAll() }; return q }
            guard !batch.isEmpty else { return }
            for p in batch {
                if let rule = dropRule.withLock({ $0 }), let rpc = try? PubsubRPC(decoding: p.bytes), rule(p.to, p.from, rpc) { continue }
                await routers[p.to]?.receive(p.bytes, from: p.from)
            }
        }
    }

    func heartbeat(_ times: Int = 1) async {
        for _ in 0..<times {
            clock.advance(by: .seconds(1))
            for id in ids { await routers[id]!.heartbeat() }
            await settle()
        }
    }

    func deliveries(_ id: PeerID) -> [[UInt8]] { received[id] }
}

/// Rejects data starting with 0xFF (a stand-in for an invalid envelope).
struct RejectingPolicy: PubsubTopicPolicy {
    func messageID(of data: [UInt8]) -> [UInt8] { ContentAddressedPolicy().messageID(of: data) }
    func validate(_ data: [UInt8]) async -> PubsubValidation { data.first == 0xff ? .reject("starts with 0xff") : .accept }
}

@Suite struct GossipsubRouterTests {
    let topic = "/waku/1/default/rlp"

    /// Deliveries reach the record through each subscription's task: under a loaded test run those may not be
    /// scheduled for seconds, so wait generously and check once more at the deadline.
    func eventuallyDelivered(_ net: QueuedPubsubNet, _ nodes: [PeerID], count: Int) async throws {
        let done = { nodes.allSatisfy { net.deliveries($0).count >= count } }
        try? await eventually("every node got \(count) message(s)", timeout: .seconds(90)) { done() }
        #expect(done(), "every node got \(count) message(s)")
    }

    @Test func meshesStayWithinDLowAndDHighAndAreSymmetric() async throws {
        let net = QueuedPubsubNet()
        let nodes = net.add(30)
        await net.connectAll()
        await net.settle()
        await net.join(topic, nodes)
        await net.settle()
        await net.heartbeat(5)
        let p = GossipsubParameters()
        for id in nodes {
            let mesh = await net.routers[id]!.meshPeers(topic)
            #expect(mesh.count >= p.dLow && mesh.count <= p.dHigh, "mesh of \(mesh.count)")
            for other in mesh { #expect(await net.routers[other]!.meshPeers(topic).contains(id), "mesh links are mutual") }
        }
    }

    @Test func meshForwardingReachesEveryNodeOnceWithoutFloodPublish() async throws {
        var p = GossipsubParameters()
        p.floodPublish = false
        let net = QueuedPubsubNet()
        let nodes = net.add(25, parameters: p)
        await net.connectAll()
        await net.join(topic, nodes)
        await net.settle()
        await net.heartbeat(3)
        let sent = await net.routers[nodes[0]]!.publish(topic, data: Array("hello".utf8))
        #expect(sent >= p.dLow && sent <= p.dHigh)
        await net.settle()
        try await eventuallyDelivered(net, Array(nodes.dropFirst()), count: 1)
        for id in nodes.dropFirst() { #expect(net.deliveries(id) == [Array("hello".utf8)]) }
        #expect(net.deliveries(nodes[0]).isEmpty)   // no self-delivery: the send plugin delivers locally
        // Total copies stay near D per node (gossipsub's point), far under flooding's N-1 per node.
        var copies = 0
        for id in nodes { copies += await net.routers[id]!.stats.snapshot.forwarded }
        #expect(copies < nodes.count * (p.dHigh + 1))
    }

    @Test func fanoutPublishesWithoutJoiningAndExpires() async throws {
        var p = GossipsubParameters()
        p.floodPublish = false
        let net = QueuedPubsubNet()
        let nodes = net.add(10, parameters: p)
        await net.connectAll()
        await net.join(topic, Array(nodes.dropFirst()))
        await net.settle()
        await net.heartbeat(2)
        let publisher = net.routers[nodes[0]]!
        #expect(await publisher.publish(topic, data: [1]) == p.d)
        #expect(await publisher.fanout[topic]?.count == p.d)
        await net.settle()
        try await eventuallyDelivered(net, Array(nodes.dropFirst()), count: 1)
        net.clock.advance(by: .seconds(61))
        await publisher.heartbeat()
        #expect(await publisher.fanout[topic] == nil)
    }

    @Test func aMissedMessageIsRecoveredThroughIHaveAndIWant() async throws {
        var p = GossipsubParameters()
        p.floodPublish = false
        let net = QueuedPubsubNet()
        let (a, b) = { let n = net.add(2, parameters: p); return (n[0], n[1]) }()
        await net.connect(a, b)
        await net.join(topic, [a, b])
        await net.settle()
        await net.heartbeat()
        #expect(await net.routers[a]!.meshPeers(topic) == [b])
        await net.routers[a]!.prune(b, topic)        // out of each other's mesh, held apart by the backoff
        await net.settle()
        #expect(await net.routers[b]!.meshPeers(topic).isEmpty)
        #expect(await net.routers[b]!.isBackedOff(a, topic))
        #expect(await net.routers[a]!.publish(topic, data: Array("missed".utf8)) == 0)
        await net.settle()
        #expect(net.deliveries(b).isEmpty)
        await net.heartbeat()                       // a's IHAVE → b's IWANT → the message
        try await eventuallyDelivered(net, [b], count: 1)
        #expect(net.deliveries(b) == [Array("missed".utf8)])
        let stats = await net.routers[b]!.stats.snapshot
        #expect(stats.iwantSent == 1 && stats.brokenPromises == 0)
        #expect(await net.routers[a]!.stats.snapshot.iwantServed == 1)
    }

    @Test func aGraftDuringBackoffIsRefusedAndPenalised() async throws {
        let net = QueuedPubsubNet()
        let (a, b) = { let n = net.add(2); return (n[0], n[1]) }()
        await net.connect(a, b)
        await net.join(topic, [a, b])
        await net.settle()
        let router = net.routers[a]!
        await router.prune(b, topic)
        await net.settle()
        #expect(await router.peerScore(b) == 0)
        // b ignores the backoff and GRAFTs at once: PRUNE again, P7 counted twice (within the flood threshold).
        await router.handle(PubsubRPC(control: .init(graft: [.init(topic: topic)])), from: b)
        #expect(await !router.meshPeers(topic).contains(b))
        #expect(await router.stats.snapshot.graftsDuringBackoff == 1)
        let score = await router.peerScore(b)
        #expect(score < 0, "score \(score)")
        await net.settle()
        #expect(await net.routers[b]!.stats.snapshot.prunesReceived == 2)
        // A negative score keeps b out of the mesh after the backoff too.
        net.clock.advance(by: .seconds(61))
        await router.heartbeat()
        #expect(await !router.meshPeers(topic).contains(b))
    }

    @Test func invalidMessagesLowerTheScoreUntilTheSenderIsGraylisted() async throws {
        let net = QueuedPubsubNet()
        let (a, b) = { let n = net.add(2); return (n[0], n[1]) }()
        await net.connect(a, b)
        await net.join(topic, [a], policy: RejectingPolicy())
        await net.settle()
        let router = net.routers[a]!
        for i in 0..<2 { await router.handle(PubsubRPC(publish: [.init(data: [0xff, UInt8(i)], topic: topic)]), from: b) }
        let mid = await router.peerScore(b)
        #expect(mid < GossipsubScoreParameters().gossipThreshold && mid > GossipsubScoreParameters().graylistThreshold, "P4 = 2² × -10 = \(mid)")
        await router.handle(PubsubRPC(publish: [.init(data: [0xff, 2], topic: topic)]), from: b)
        #expect(await router.stats.snapshot.rejected == 3)
        let score = await router.peerScore(b)
        #expect(score < GossipsubScoreParameters().graylistThreshold, "P4 = 3² × -10 = \(score)")
        // Graylisted: even a valid message (and its subscriptions) from b is ignored.
        await router.handle(PubsubRPC(publish: [.init(data: [1], topic: topic)]), from: b)
        #expect(await router.stats.snapshot.graylistedRPCs == 1)
        #expect(net.deliveries(a).isEmpty)
        // P4 decays: after enough heartbeats b is heard again.
        await net.heartbeat(40)
        #expect(await router.peerScore(b) > GossipsubScoreParameters().graylistThreshold)
    }

    @Test func strictNoSignRejectsAuthoredMessages() async throws {
        let net = QueuedPubsubNet()
        let (a, b) = { let n = net.add(2); return (n[0], n[1]) }()
        await net.connect(a, b)
        await net.join(topic, [a])
        await net.settle()
        let router = net.routers[a]!
        await router.handle(PubsubRPC(publish: [.init(from: b.bytes, data: [1], seqno: [0, 1], topic: topic)]), from: b)
        #expect(await router.stats.snapshot.strictNoSignViolations == 1)
        #expect(net.deliveries(a).isEmpty)
        // The same data without author fields is still accepted (the violation did not poison the seen-cache).
        await router.handle(PubsubRPC(publish: [.init(data: [1], topic: topic)]), from: b)
        try await eventuallyDelivered(net, [a], count: 1)
    }

    @Test func duplicatesAreDroppedByTheSeenCache() async throws {
        let net = QueuedPubsubNet()
        let (a, b) = { let n = net.add(2); return (n[0], n[1]) }()
        await net.connect(a, b)
        await net.join(topic, [a])
        await net.settle()
        let router = net.routers[a]!
        for _ in 0..<5 { await router.handle(PubsubRPC(publish: [.init(data: [42], topic: topic)]), from: b) }
        #expect(await router.stats.snapshot.duplicates == 4)
        try await eventuallyDelivered(net, [a], count: 1)
        #expect(net.deliveries(a).count == 1)
    }

    @Test func iwantFloodsAreServedAtMostGossipRetransmissionTimes() async throws {
        let net = QueuedPubsubNet()
        let (a, b) = { let n = net.add(2); return (n[0], n[1]) }()
        await net.connect(a, b)
        await net.join(topic, [a, b])
        await net.settle()
        let router = net.routers[a]!
        await router.publish(topic, data: [7])
        await net.settle()
        let id = ContentAddressedPolicy().messageID(of: [7])
        for _ in 0..<10 { await router.handle(PubsubRPC(control: .init(iwant: [.init(messageIDs: [id])])), from: b) }
        let stats = await router.stats.snapshot
        #expect(stats.iwantServed == GossipsubParameters().gossipRetransmission)
        #expect(stats.iwantIgnored == 10 - GossipsubParameters().gossipRetransmission)
    }

    @Test func anUnansweredIWantIsABrokenPromise() async throws {
        let net = QueuedPubsubNet()
        let (a, b) = { let n = net.add(2); return (n[0], n[1]) }()
        await net.connect(a, b)
        await net.join(topic, [a])
        await net.settle()
        let router = net.routers[a]!
        await router.handle(PubsubRPC(control: .init(ihave: [.init(topic: topic, messageIDs: [[1, 2, 3]])])), from: b)
        #expect(await router.stats.snapshot.iwantSent == 1)
        net.clock.advance(by: .seconds(4))
        await router.heartbeat()
        #expect(await router.stats.snapshot.brokenPromises == 1)
        #expect(await router.peerScore(b) < 0)
    }

    @Test func malformedRPCsAreCountedAndPenalised() async throws {
        let net = QueuedPubsubNet()
        let (a, b) = { let n = net.add(2); return (n[0], n[1]) }()
        await net.connect(a, b)
        let router = net.routers[a]!
        await router.receive([0x12, 0x02, 0x12, 0x00], from: b)    // a Message without a topic
        await router.receive([0x0a, 0xff], from: b)
        #expect(await router.stats.snapshot.malformedRPCs == 2)
        #expect(await router.peerScore(b) < 0)
    }

    @Test func floodsubPeersGetEveryMessageOfTheirTopics() async throws {
        let net = QueuedPubsubNet()
        let nodes = net.add(3)
        await net.connect(nodes[0], nodes[1])
        await net.connect(nodes[0], nodes[2], proto: .floodsub)
        await net.join(topic, nodes)
        await net.settle()
        await net.heartbeat(2)
        #expect(await !net.routers[nodes[0]]!.meshPeers(topic).contains(nodes[2]))   // floodsub peers are never grafted
        await net.routers[nodes[1]]!.publish(topic, data: [5])
        await net.settle()
        try await eventuallyDelivered(net, [nodes[0], nodes[2]], count: 1)
    }
}
