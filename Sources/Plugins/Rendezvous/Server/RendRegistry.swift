import Foundation
import Kernel
import Primitives

/// The records a rendezvous point holds: per topic, one record per node id, each expiring TTL + grace after
/// its last REGISTER. Bounded: at most `maximumRecords` in total and `maximumRegistrationsPerPeer` per
/// registering connection, so a registration flood cannot grow memory past the cap.
public actor RendRegistry {
    struct Entry {
        var record: NodeRecord
        var expires: Date
        var registrant: PeerID
    }

    public let rules: RendServerRules
    let clock: any NodeClock
    private var topics: [[UInt8]: [[UInt8]: Entry]] = [:]
    private var perPeer: [PeerID: Int] = [:]
    private(set) var count = 0
    private var lastSweep: Date?

    public init(rules: RendServerRules, clock: any NodeClock) {
        self.rules = rules
        self.clock = clock
    }

    /// Records held right now (expired ones are swept first).
    public var recordCount: Int {
        sweep(now: clock.now(), force: true)
        return count
    }

    /// Checks a REGISTER against the rules and stores it; returns the status to answer with.
    public func register(topic: [UInt8], record: NodeRecord, ttlNanoseconds: UInt64, from peer: PeerID) -> RendStatus {
        guard Self.validTopic(topic, maximum: rules.maximumTopicBytes) else { return .invalidNamespace }
        guard ttlNanoseconds <= rules.maximumTTLNanoseconds else { return .invalidTTL }
        guard record.verifySignature(), let id = record.nodeID else { return .invalidENR }
        let now = clock.now()
        sweep(now: now, force: false)
        let expires = now.addingTimeInterval(Double(ttlNanoseconds + rules.graceNanoseconds) / 1e9)
        if var existing = topics[topic]?[id] {
            // A refresh. Only the peer that registered the record may refresh it (or one whose record has a higher seq).
            guard existing.registrant == peer || record.seq > existing.record.seq else { return .notAuthorized }
            if existing.registrant != peer {
                guard perPeer[peer, default: 0] < rules.maximumRegistrationsPerPeer else { return .notAuthorized }
                let left = perPeer[existing.registrant, default: 1] - 1
                perPeer[existing.registrant] = left > 0 ? left : nil
                perPeer[peer, default: 0] += 1
            }
            if record.seq >= existing.record.seq { existing.record = record }
            existing.expires = expires
            existing.registrant = peer
            topics[topic]?[id] = existing
            return .ok
        }
        guard perPeer[peer, default: 0] < rules.maximumRegistrationsPerPeer else { return .notAuthorized }
        if count >= rules.maximumRecords {
            sweep(now: now, force: true)
            guard count < rules.maximumRecords else { return .internalError }
        }
        topics[topic, default: [:]][id] = Entry(record: record, expires: expires, registrant: peer)
        perPeer[peer, default: 0] += 1
        count += 1
        return .ok
    }

    /// Up to `limit` (clamped to the rules' maximum) live records for `topic`, chosen at random.
    public func discover(topic: [UInt8], limit: UInt64) -> (RendStatus, [NodeRecord]) {
        guard Self.validTopic(topic, maximum: rules.maximumTopicBytes) else { return (.invalidNamespace, []) }
        guard limit > 0 else { return (.invalidLimit, []) }
        let now = clock.now()
        let live = (topics[topic] ?? [:]).values.filter { $0.expires > now }.map(\.record)
        return (.ok, Array(live.shuffled().prefix(Int(min(limit, rules.maximumLimit)))))
    }

    /// Topic rule: 1…maximum bytes, no 0xff.
    static func validTopic(_ topic: [UInt8], maximum: Int) -> Bool {
        !topic.isEmpty && topic.count <= maximum && !topic.contains(0xff)
    }

    /// Drops expired records; at most once a second unless forced.
    private func sweep(now: Date, force: Bool) {
        if !force, let last = lastSweep, now.timeIntervalSince(last) < 1 { return }
        lastSweep = now
        for (topic, entries) in topics {
            var kept = entries
            for (id, entry) in entries where entry.expires <= now {
                kept[id] = nil
                count -= 1
                let left = perPeer[entry.registrant, default: 1] - 1
                perPeer[entry.registrant] = left > 0 ? left : nil
            }
            topics[topic] = kept.isEmpty ? nil : kept
        }
    }
}
