import Foundation
import Primitives

extension Discv5Service {
    public static let alpha = 3

    /// Iterative lookup (discv5-theory.md "Lookup"): keeps up to α FINDNODE queries in flight to the
    /// closest unasked nodes — a new one starts as soon as one returns, so a dead node holds one slot for
    /// its timeout instead of stalling a whole round — asking each for the distances around the target,
    /// and stops when the `k` closest known nodes were all asked. Every node that answers lands in the
    /// table. Returns the closest records found.
    @discardableResult
    public func lookup(_ target: [UInt8], k: Int = 16) async -> [NodeRecord] {
        lookupsStarted += 1
        var candidates: [[UInt8]: NodeRecord] = [:]
        for entry in table.closest(to: target, count: k) { candidates[entry.id] = entry.record }
        var asked: Set<[UInt8]> = [localID]
        await withTaskGroup(of: ([UInt8], [NodeRecord]?).self) { group in
            var inFlight = 0
            while true {
                if inFlight < Self.alpha {
                    let closest = candidates.keys.sorted { NodeDistance.closer($0, than: $1, to: target) }.prefix(k)
                    for id in closest where !asked.contains(id) && inFlight < Self.alpha {
                        guard let record = candidates[id] else { continue }
                        asked.insert(id)
                        inFlight += 1
                        let distances = Self.lookupDistances(target: target, node: id)
                        group.addTask { (id, try? await self.findNode(record, distances: distances)) }
                    }
                }
                guard inFlight > 0, let (id, found) = await group.next() else { break }
                inFlight -= 1
                guard let found else {
                    // Not evicted here: only a failed liveness check (`revalidate`) removes a table entry.
                    candidates[id] = nil
                    continue
                }
                for record in found {
                    guard let rid = record.nodeID, rid != localID else { continue }
                    if let known = candidates[rid], known.seq >= record.seq { continue }
                    candidates[rid] = record
                    // Vouched for by a live node: table it (revalidation evicts it if it is dead).
                    if let endpoint = Endpoint(record: record), table.entry(rid) == nil {
                        table.add(record, endpoint: endpoint, now: clock.now())
                    }
                }
            }
        }
        return candidates.keys.sorted { NodeDistance.closer($0, than: $1, to: target) }.prefix(k).compactMap { candidates[$0] }
    }

    /// A lookup for a random target (random-walk refresh).
    @discardableResult
    public func randomLookup() async -> [NodeRecord] {
        await lookup(SecureRandom.bytes(32))
    }

    /// Liveness check of the least recently seen entry of one bucket: it stays if it answers a PING,
    /// otherwise it is evicted and a replacement promoted.
    public func revalidate() async {
        guard let entry = table.oldest(pick: Int.random(in: 0..<256)) else { return }
        do {
            let pong = try await ping(entry.record)
            table.add(entry.record, endpoint: entry.endpoint, now: clock.now())
            if pong.enrSeq > entry.record.seq, let fresh = try? await findNode(entry.record, distances: [0]).first {
                table.add(fresh, endpoint: Endpoint(record: fresh) ?? entry.endpoint, now: clock.now())
            }
        } catch {
            table.remove(entry.id)
        }
    }

    /// `d`, `d+1`, `d-1` around the target's distance from the asked node (geth's lookupDistances).
    static func lookupDistances(target: [UInt8], node: [UInt8]) -> [UInt16] {
        let d = NodeDistance.log(target, node)
        var out = [UInt16(max(d, 1))]
        if d + 1 <= 256 { out.append(UInt16(d + 1)) }
        if d - 1 >= 1 { out.append(UInt16(d - 1)) }
        return out
    }

    /// Known records (live entries) — for the discovery source and the node database.
    public var knownRecords: [NodeRecord] { table.entries.map(\.record) }
    public var tableCount: Int { table.count }
    public var knownCount: Int { table.knownCount }
}
