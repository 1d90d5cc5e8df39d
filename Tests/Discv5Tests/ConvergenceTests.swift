import Discv5
import Foundation
import Kernel
import Primitives
import Testing

/// A 50-node discv5 network on loopback (real UDP sockets, one service per node, one bootnode).
///
/// The issue asks that "every node's table holds ≥ 90 % of the live nodes reachable within 3 lookups". Read
/// the way a user of a real node needs it: after each node has run the three lookups of a start-up refresh
/// (its own id, then two random targets; all nodes at once), EVERY node — not the average — can reach
/// ≥ 90 % of the live nodes: a lookup it runs for a live node's id returns that node's record, so it can
/// contact it. Holding them all in the table cannot be the measure: with 16-entry buckets about half of 49
/// random ids sit at log-distance 256 from any node, more than one bucket holds (the replacement list keeps
/// the overflow, unserved), and Kademlia does not promise that a node knows every other one — it promises
/// that every node can be found from every other. What each node holds (live entries + replacements) after
/// the three lookups is printed beside the result.
///
/// Under full-suite load on two cores: 3 s request timeouts (`SessionLoopbackTests.patient`), no sleeps —
/// every step awaits the lookups themselves.
@Suite(.serialized) struct ConvergenceTests {
    static let count = 50

    @Test func everyNodeReachesNinetyPercentAfterThreeLookups() async throws {
        let count = Self.count
        var nodes: [Discv5Service] = []
        for _ in 0..<count { nodes.append(try await SessionLoopbackTests.node()) }
        let boot = await nodes[0].localRecord
        for node in nodes.dropFirst() { await node.addBootnodes([boot]) }
        let started = ContinuousClock.now
        // Three rounds; in each, every node (the bootnode too) runs one lookup concurrently with the others.
        for round in 0..<3 {
            await withTaskGroup(of: Void.self) { group in
                for node in nodes {
                    group.addTask { if round == 0 { await node.lookup(node.localID) } else { await node.randomLookup() } }
                }
            }
        }
        let refreshed = ContinuousClock.now
        var known: [Int] = [], live: [Int] = []
        for node in nodes {
            known.append(await node.knownCount)
            live.append(await node.tableCount)
        }
        // Reachability: every node looks up every other node's id (nodes concurrently, each its targets in turn).
        var records: [NodeRecord] = []
        for node in nodes { records.append(await node.localRecord) }
        let targets = records
        let reached = await withTaskGroup(of: (Int, Int, [Int]).self) { group in
            for (index, node) in nodes.enumerated() {
                group.addTask {
                    var found = 0, missed: [Int] = []
                    for (t, target) in targets.enumerated() where t != index {
                        let result = await node.lookup(target.nodeID!)
                        if result.contains(where: { $0.nodeID == target.nodeID }) { found += 1 } else { missed.append(t) }
                    }
                    return (index, found, missed)
                }
            }
            var out = [(Int, [Int])](repeating: (0, []), count: count)
            for await (index, found, missed) in group { out[index] = (found, missed) }
            return out
        }
        let checked = ContinuousClock.now
        var timeouts = 0
        var drops: [DropReason: Int] = [:]
        for node in nodes {
            timeouts += await node.requestsTimedOut
            for (reason, n) in node.drops.all { drops[reason, default: 0] += n }
        }
        let others = count - 1
        let needed = Int((0.9 * Double(others)).rounded(.up))   // 45 of 49
        print("discv5 convergence: \(count) nodes; after 3 lookups each holds (live + replacements) min \(known.min()!) / mean "
              + String(format: "%.1f", Double(known.reduce(0, +)) / Double(count)) + " of \(others) (live entries min \(live.min()!)); "
              + "reaches by lookup min \(reached.map(\.0).min()!) / mean " + String(format: "%.1f", Double(reached.map(\.0).reduce(0, +)) / Double(count))
              + " of \(others); refresh \(refreshed - started), reachability check \(checked - refreshed); "
              + "requests timed out \(timeouts); drops \(drops)")
        for (index, result) in reached.enumerated() {
            #expect(result.0 >= needed, "node \(index) reached \(result.0) of \(others) live nodes (missed \(result.1)); needs \(needed)")
        }
        for node in nodes { await node.stop() }
    }
}
