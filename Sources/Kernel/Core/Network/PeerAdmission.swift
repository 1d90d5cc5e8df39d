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
/// - When the inbound share (or every slot) is full, the **worst inbound peer** is evicted, if it
///   scores no better than the candidate: lowest peer-book score first; among equals the one from the
///   subnet with the most inbound peers; then the one with the fewest messages received per second
///   connected; then the newest. Otherwise the candidate is refused.
public struct PeerAdmission: Sendable {
    public let limits: PeerLimits

    public init(limits: PeerLimits) { self.limits = limits }

    public func decide(_ candidate: AdmissionCandidate, current: [AdmittedPeer], now: Date) -> PeerAdmissionDecision {
        if candidate.persistent { return .admit }
        if candidate.direction == .outbound {
            if current.count < limits.max { return .admit }
            return victim(among: current, notBetterThan: nil, now: now).map { .evict(victim: $0.peer) }
                ?? .refuse(.tooManyPeers(max: limits.max))
        }
        if !(limits.exemptLoopback && candidate.group.isLoopback) {
            let counted = current.filter { !$0.persistent }
            if counted.filter({ $0.group.ip == candidate.group.ip }).count >= limits.maxPerIP {
                return .refuse(.tooManyPeersFromIP(ip: candidate.group.ip, limit: limits.maxPerIP))
            }
            if counted.filter({ $0.group.subnet == candidate.group.subnet }).count >= limits.maxPerSubnet {
                return .refuse(.tooManyPeersFromSubnet(subnet: candidate.group.subnet, limit: limits.maxPerSubnet))
            }
        }
        let inbound = current.filter(\.evictable).count
        if inbound < limits.inboundMax && current.count < limits.max { return .admit }
        if let victim = victim(among: current, notBetterThan: candidate.score, now: now) { return .evict(victim: victim.peer) }
        return .refuse(inbound >= limits.inboundMax ? .inboundSlotsFull(inboundMax: limits.inboundMax)
                                                    : .tooManyPeers(max: limits.max))
    }

    /// The peer eviction picks (see the type's documentation); `nil` when none is evictable.
    public func victim(among current: [AdmittedPeer], notBetterThan score: Int?, now: Date) -> AdmittedPeer? {
        let candidates = current.filter { $0.evictable && score.map { limit in $0.score <= limit } ?? true }
        let subnetSize = Dictionary(grouping: candidates, by: \.group.subnet).mapValues(\.count)
        func rate(_ p: AdmittedPeer) -> Double { Double(p.messagesIn) / max(1, now.timeIntervalSince(p.connectedAt)) }
        return candidates.min { a, b in
            if a.score != b.score { return a.score < b.score }
            let (sa, sb) = (subnetSize[a.group.subnet] ?? 0, subnetSize[b.group.subnet] ?? 0)
            if sa != sb { return sa > sb }
            let (ra, rb) = (rate(a), rate(b))
            if ra != rb { return ra < rb }
            return a.connectedAt > b.connectedAt
        }
    }
}
