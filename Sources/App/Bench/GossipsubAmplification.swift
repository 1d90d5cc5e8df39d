import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import Synchronization
import TestKit

/// A connected random graph: each node dials `dials` distinct others (links are undirected).
struct RandomGraph {
    let neighbours: [Set<Int>]

    init(nodes: Int, dials: Int) {
        while true {
            var n = Array(repeating: Set<Int>(), count: nodes)
            for a in 0..<nodes {
                for b in (0..<nodes).filter({ $0 != a }).shuffled().prefix(dials) { n[a].insert(b); n[b].insert(a) }
            }
            var seen: Set<Int> = [0], frontier = [0]
            while let v = frontier.popLast() { for w in n[v] where seen.insert(w).inserted { frontier.append(w) } }
            if seen.count == nodes { neighbours = n; return }
        }
    }

    /// Copies one flooded message costs: the origin to all neighbours, every other node to all but its sender.
    func floodCopies(from source: Int) -> Int {
        neighbours.indices.reduce(0) { $0 + neighbours[$1].count - ($1 == source ? 0 : 1) }
    }
}

/// Framed size of one published message (`uvarint(len) ‖ RPC{publish: [Message{data, topic}]}`).
enum PubsubRPCSize {
    static func publish(size: Int, topic: String) -> Int {
        let body = PubsubRPC(publish: [.init(data: [UInt8](repeating: 0, count: size), topic: topic)]).bytes
        return UVarint.encode(UInt64(body.count)).count + body.count
    }
}

/// Gossipsub routers on a `RandomGraph` with in-memory links that count every byte sent (length prefix
/// included) and queue RPCs until `settle()` delivers them; heartbeats on a manual clock.
final class CountingPubsubNet: @unchecked Sendable {
    struct Pending { let to: Int; let from: Int; let bytes: [UInt8] }
    let clock = ManualClock()
    let routers: [GossipsubRouter]
    let ids: [PeerID]
    let graph: RandomGraph
    let bytes = SharedCount()
    let delivered = SharedCount()
    private let queue = Mutex<[Pending]>([])
    private let baseline = Mutex<Int>(0)

    struct Link: GossipsubLink {
        let net: CountingPubsubNet
        let from: Int, to: Int
        func enqueue(_ rpc: [UInt8]) async -> Bool {
            net.bytes.add(rpc.count + UVarint.encode(UInt64(rpc.count)).count)
            net.queue.withLock { $0.append(Pending(to: to, from: from, bytes: rpc)) }
            return true
        }
    }

    init(graph: RandomGraph, parameters: GossipsubParameters) {
        self.graph = graph
        ids = graph.neighbours.indices.map { PeerID([UInt8($0 >> 8), UInt8($0 & 0xff)] + Array(repeating: 1, count: 30)) }
        routers = graph.neighbours.indices.map { _ in GossipsubRouter(parameters: parameters, clock: ManualClock()) }
    }

    /// Connects the graph's links (`.floodsub`: every node floods, the relay's rule, run for real) and joins.
    func start(topic: String, proto: PubsubProtocol = .meshsub11) async {
        for (a, peers) in graph.neighbours.enumerated() {
            for b in peers {
                await routers[a].addPeer(ids[b], proto: proto, outbound: a < b, ip: "10.1.\(b >> 8).\(b & 0xff)", link: Link(net: self, from: a, to: b))
            }
        }
        for router in routers {
            let stream = await router.join(topic, policy: ContentAddressedPolicy())
            Task { [delivered] in for await _ in stream { delivered.add() } }
        }
        await settle()
        for _ in 0..<5 { await heartbeat() }
        // Deliveries so far were none; start counting from here.
    }

    func resetBytes() { bytes.add(-bytes.value) }

    func settle() async {
        while true {
            let batch = queue.withLock { q -> [Pending] in defer { q.removeAll() }; return q }
            guard !batch.isEmpty else { break }
            for p in batch { await routers[p.to].receive(p.bytes, from: ids[p.from]) }
        }
        // Let the subscription tasks count what was delivered.
        for _ in 0..<3 { await Task.yield() }
    }

    func heartbeat() async {
        for router in routers { await router.heartbeat() }
        await settle()
    }
}
