import Foundation

/// One connected peer, as the admission policy sees it.
public struct AdmittedPeer: Sendable, Equatable {
    public let peer: PeerID
    public let group: AddressGroup
    public let direction: ConnectionDirection
    public let persistent: Bool
    /// The peer book's score (0 for a clean record, lower after penalties).
    public let score: Int
    public let connectedAt: Date
    /// Complete messages received so far (the slowest peers go first among equals).
    public let messagesIn: UInt64

    public init(peer: PeerID, group: AddressGroup, direction: ConnectionDirection, persistent: Bool, score: Int,
                connectedAt: Date, messagesIn: UInt64 = 0) {
        self.peer = peer
        self.group = group
        self.direction = direction
        self.persistent = persistent
        self.score = score
        self.connectedAt = connectedAt
        self.messagesIn = messagesIn
    }

    /// Only inbound, non-persistent peers may ever be evicted.
    public var evictable: Bool { direction == .inbound && !persistent }
}

/// An authenticated connection asking for a slot.
public struct AdmissionCandidate: Sendable, Equatable {
    public let group: AddressGroup
    public let direction: ConnectionDirection
    public let persistent: Bool
    public let score: Int

    public init(group: AddressGroup, direction: ConnectionDirection, persistent: Bool, score: Int = 0) {
        self.group = group
        self.direction = direction
        self.persistent = persistent
        self.score = score
    }
}

/// What to do with an authenticated connection.
public enum PeerAdmissionDecision: Sendable, Equatable {
    case admit
    /// Admit after disconnecting `victim` (an inbound, non-persistent peer).
    case evict(victim: PeerID)
    case refuse(AdmissionRefusal)
}

/// Admission of authenticated connections into peer slots (pure logic, unit-tested on its own; used
/// by the `ConnectionManager`).
///
/// - Persistent (static) peers are always admitted and never evicted.
/// - Outbound connections may use every slot up to `max`; when full, an inbound peer is evicted for
///   them, so a node that was flooded inbound can still dial out.
/// - Inbound connections are limited per IP (`max-per-ip`) and per /24 or /64 (`max-per-subnet`) —
///   loopback exempt unless `exempt-loopback: false` — and to `max − reserved-outbound` slots in all.
/// - When the inbound share (or every slot) is full, the **worst inbound peer** is chosen: lowest
///   peer-book score first; among equals the one from the subnet with the most inbound peers; then the
///   one with the fewest messages received per second connected; then the newest. It is evicted if it
///   scores below the candidate, or scores the same and its subnet holds at least two more inbound
///   peers than the candidate's (the swap spreads slots over more networks). Otherwise the candidate
///   is refused — so equal peers from distinct networks do not churn each other out, and loopback
///   peers (one subnet) never evict one another unless one of them was penalised.
public struct PeerAdmission: Sendable {
    public let limits: PeerLimits

    public init(limits: PeerLimits) { self.limits = limits }

    public func decide(_ candidate: AdmissionCandidate, current: [AdmittedPeer], now: Date) -> PeerAdmissionDecision {
        if candidate.persistent { return .admit }
        if candidate.direction == .outbound {
            if current.count < limits.max { return .admit }
            return victim(among: current, for: nil, now: now).map { .evict(victim: $0.peer) }
                ?? .refuse(.tooManyPeers(max: limits.max))
        }
        if !(limits.exemptLoopback && candidate.group.isLoopback) {
            let counted = current.filter { !$0.persistent }
            if counted.filter({ $0.group.ip == candidate.group.ip }).count >= limits.ipLimit {
                return .refuse(.tooManyPeersFromIP(ip: candidate.group.ip, limit: limits.ipLimit))
            }
            if counted.filter({ $0.group.subnet == candidate.group.subnet }).count >= limits.subnetLimit {
                return .refuse(.tooManyPeersFromSubnet(subnet: candidate.group.subnet, limit: limits.subnetLimit))
            }
        }
        let inbound = current.filter(\.evictable).count
        if inbound < limits.inboundMax && current.count < limits.max { return .admit }
        if let victim = victim(among: current, for: candidate, now: now) { return .evict(victim: victim.peer) }
        return .refuse(inbound >= limits.inboundMax ? .inboundSlotsFull(inboundMax: limits.inboundMax)
                                                    : .tooManyPeers(max: limits.max))
    }

    /// The peer eviction picks for `candidate` (see the type's documentation; any evictable peer for an
    /// outbound dial when `candidate` is nil); `nil` when none may be evicted.
    public func victim(among current: [AdmittedPeer], for candidate: AdmissionCandidate?, now: Date) -> AdmittedPeer? {
        let evictable = current.filter(\.evictable)
        let crowd = Dictionary(grouping: evictable, by: \.group.subnet).mapValues(\.count)
        func rate(_ p: AdmittedPeer) -> Double { Double(p.messagesIn) / max(1, now.timeIntervalSince(p.connectedAt)) }
        let worst = evictable.min { a, b in
            if a.score != b.score { return a.score < b.score }
            let (ca, cb) = (crowd[a.group.subnet] ?? 0, crowd[b.group.subnet] ?? 0)
            if ca != cb { return ca > cb }
            let (ra, rb) = (rate(a), rate(b))
            if ra != rb { return ra < rb }
            return a.connectedAt > b.connectedAt
        }
        guard let worst, let candidate else { return worst }
        if worst.score < candidate.score { return worst }
        let fairer = (crowd[worst.group.subnet] ?? 0) > (crowd[candidate.group.subnet] ?? 0) + 1
        return worst.score == candidate.score && fairer ? worst : nil
    }
}
