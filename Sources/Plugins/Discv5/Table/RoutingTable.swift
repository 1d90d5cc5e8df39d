import Foundation
import Primitives

/// One node in the table: its verified record, the endpoint it was seen at, and when it last answered.
public struct TableEntry: Sendable {
    public var record: NodeRecord
    public let id: [UInt8]
    public var endpoint: Endpoint
    public var lastSeen: Date
}

/// Limits on how many table entries may share a /24 (IPv4), against eclipse attacks. Loopback and
/// private addresses are exempt, like go-ethereum's LAN exemption, so local networks work.
public struct IPLimits: Sendable {
    public var perBucket = 2
    public var perTable = 10
    public init() {}
}

/// The Kademlia table (discv5-theory.md "Node Table"): 256 buckets of `bucketSize` live entries, most
/// recently seen last, each with a replacement list. A full bucket never evicts on insert: the newcomer
/// goes to the replacements, and an entry is removed only after it fails a liveness check
/// (`remove(_:)`), when the freshest replacement takes its place.
public struct RoutingTable: Sendable {
    public let localID: [UInt8]
    public let bucketSize: Int
    public let replacementSize: Int
    public let ipLimits: IPLimits?
    private(set) var buckets: [[TableEntry]]
    private(set) var replacements: [[TableEntry]]

    public enum AddResult: Equatable, Sendable { case added, updated, replacement, rejectedIPLimit, rejectedSelf }

    public init(localID: [UInt8], bucketSize: Int = 16, replacementSize: Int = 16, ipLimits: IPLimits? = IPLimits()) {
        self.localID = localID
        self.bucketSize = bucketSize
        self.replacementSize = replacementSize
        self.ipLimits = ipLimits
        buckets = Array(repeating: [], count: 256)
        replacements = Array(repeating: [], count: 256)
    }

    /// Live entries.
    public var count: Int { buckets.reduce(0) { $0 + $1.count } }
    /// Live entries plus replacements: every node the table knows.
    public var knownCount: Int { count + replacements.reduce(0) { $0 + $1.count } }
    public var entries: [TableEntry] { buckets.flatMap { $0 } }

    /// Inserts or refreshes a node that was just seen alive (answered, or completed a handshake).
    @discardableResult
    public mutating func add(_ record: NodeRecord, endpoint: Endpoint, now: Date) -> AddResult {
        guard let id = record.nodeID, id != localID else { return .rejectedSelf }
        let b = NodeDistance.log(id, localID) - 1
        if let i = buckets[b].firstIndex(where: { $0.id == id }) {
            var entry = buckets[b].remove(at: i)
            if record.seq >= entry.record.seq { entry.record = record }
            entry.endpoint = endpoint
            entry.lastSeen = now
            buckets[b].append(entry)
            return .updated
        }
        let entry = TableEntry(record: record, id: id, endpoint: endpoint, lastSeen: now)
        if !passesIPLimits(endpoint, bucket: b) { return .rejectedIPLimit }
        if buckets[b].count < bucketSize {
            buckets[b].append(entry)
            replacements[b].removeAll { $0.id == id }
            return .added
        }
        replacements[b].removeAll { $0.id == id }
        replacements[b].append(entry)
        if replacements[b].count > replacementSize { replacements[b].removeFirst() }
        return .replacement
    }

    /// Removes a node that failed its liveness check; the freshest replacement takes its slot.
    public mutating func remove(_ id: [UInt8]) {
        guard id != localID else { return }
        let b = NodeDistance.log(id, localID) - 1
        guard b >= 0 else { return }
        replacements[b].removeAll { $0.id == id }
        guard let i = buckets[b].firstIndex(where: { $0.id == id }) else { return }
        buckets[b].remove(at: i)
        if let promoted = replacements[b].popLast() { buckets[b].append(promoted) }
    }

    public func entry(_ id: [UInt8]) -> TableEntry? {
        let b = NodeDistance.log(id, localID) - 1
        guard b >= 0 else { return nil }
        return buckets[b].first { $0.id == id } ?? replacements[b].first { $0.id == id }
    }

    /// The live entries at log-distance `distance` (1…256) from us.
    public func entries(atDistance distance: Int) -> [TableEntry] {
        guard (1...256).contains(distance) else { return [] }
        return buckets[distance - 1]
    }

    /// The `count` live entries closest to `target`.
    public func closest(to target: [UInt8], count: Int) -> [TableEntry] {
        Array(entries.sorted { NodeDistance.closer($0.id, than: $1.id, to: target) }.prefix(count))
    }

    /// The least recently seen entry of a non-empty bucket chosen by `pick`: the one to revalidate.
    public func oldest(pick: Int) -> TableEntry? {
        let nonEmpty = buckets.filter { !$0.isEmpty }
        guard !nonEmpty.isEmpty else { return nil }
        return nonEmpty[abs(pick) % nonEmpty.count].first
    }

    private func passesIPLimits(_ endpoint: Endpoint, bucket: Int) -> Bool {
        guard let limits = ipLimits, endpoint.ip.count == 4, !Self.isExempt(endpoint.ip) else { return true }
        let subnet = endpoint.ip.prefix(3)
        func sameSubnet(_ e: TableEntry) -> Bool { e.endpoint.ip.count == 4 && e.endpoint.ip.prefix(3) == subnet }
        guard buckets[bucket].filter(sameSubnet).count < limits.perBucket else { return false }
        return entries.filter(sameSubnet).count < limits.perTable
    }

    /// Loopback, RFC 1918 private and link-local IPv4 addresses.
    static func isExempt(_ ip: [UInt8]) -> Bool {
        ip[0] == 127 || ip[0] == 10 || (ip[0] == 172 && (16...31).contains(ip[1])) || (ip[0] == 192 && ip[1] == 168)
            || (ip[0] == 169 && ip[1] == 254)
    }
}
