/// Limits on connections still in their (unauthenticated) handshake. They are checked when a socket
/// is accepted, before any crypto, so a flood of half-open connections costs the node no more than
/// the accept itself.
public struct HandshakeLimits: Sendable, Equatable {
    /// Handshakes in flight at once, from anywhere.
    public var total: Int
    public var perIP: Int
    /// Per /24 (IPv4) or /64 (IPv6).
    public var perSubnet: Int
    /// Loopback sources are counted only against `total` (all local peers share one address).
    public var exemptLoopback: Bool

    public init(total: Int = 64, perIP: Int = 8, perSubnet: Int = 16, exemptLoopback: Bool = true) {
        self.total = total
        self.perIP = perIP
        self.perSubnet = perSubnet
        self.exemptLoopback = exemptLoopback
    }
}

/// One handshake in flight, as the admission policy sees it.
public struct PendingHandshake: Sendable, Equatable {
    public let id: Int
    public let group: AddressGroup
    /// Arrival order (larger is newer).
    public let arrival: UInt64
    /// The remote sent a valid auth (or ack): it proved it speaks RLPx and is never dropped for a newcomer.
    public var progressed: Bool

    public init(id: Int, group: AddressGroup, arrival: UInt64, progressed: Bool = false) {
        self.id = id
        self.group = group
        self.arrival = arrival
        self.progressed = progressed
    }
}

/// What to do with a newly accepted socket.
public enum HandshakeDecision: Sendable, Equatable {
    case admit
    /// Admit, closing the handshake `id` to make room.
    case admitEvicting(id: Int)
    case refuse(AdmissionRefusal)
}

/// Admission of new sockets into the handshake phase (pure logic, unit-tested on its own).
///
/// The rule, applied per scope — the candidate's IP, then its subnet, then the whole node: when the
/// scope is at its limit, the **oldest handshake in that scope that has not progressed** (sent no
/// valid auth yet) is dropped for the newcomer; if every handshake in the scope has progressed, the
/// newcomer is refused. For the global scope the victim comes from the IP with the most handshakes in
/// flight. So a flood of silent or garbage sockets only ever displaces itself: an honest dialer sends
/// its auth within a round trip and is then safe, and each flood socket lives only until `limit` newer
/// ones arrived instead of holding a slot for the whole handshake timeout.
public struct HandshakeAdmission: Sendable {
    public let limits: HandshakeLimits

    public init(limits: HandshakeLimits) { self.limits = limits }

    public func decide(_ candidate: AddressGroup, pending: [PendingHandshake]) -> HandshakeDecision {
        var evicted: Set<Int> = []
        let limited = !(limits.exemptLoopback && candidate.isLoopback)
        let scopes: [(inScope: (PendingHandshake) -> Bool, limit: Int, refusal: AdmissionRefusal)] =
            (limited ? [
                ({ $0.group.ip == candidate.ip }, limits.perIP, .tooManyHandshakesFromIP(ip: candidate.ip, limit: limits.perIP)),
                ({ $0.group.subnet == candidate.subnet }, limits.perSubnet,
                 .tooManyHandshakesFromSubnet(subnet: candidate.subnet, limit: limits.perSubnet)),
            ] : []) + [({ _ in true }, limits.total, .tooManyHandshakes(limit: limits.total))]
        for scope in scopes {
            let members = pending.filter { scope.inScope($0) && !evicted.contains($0.id) }
            guard members.count >= scope.limit else { continue }
            // Already evicting one in a narrower scope that is also in this one frees the slot here too.
            guard evicted.isEmpty else { continue }
            guard let victim = Self.victim(among: members) else { return .refuse(scope.refusal) }
            evicted.insert(victim.id)
        }
        return evicted.first.map { .admitEvicting(id: $0) } ?? .admit
    }

    /// The oldest unprogressed handshake of the IP with the most handshakes among `members`.
    static func victim(among members: [PendingHandshake]) -> PendingHandshake? {
        let open = members.filter { !$0.progressed }
        let perIP = Dictionary(grouping: open, by: \.group.ip)
        guard let busiest = perIP.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return nil }
        return busiest.value.min { $0.arrival < $1.arrival }
    }
}
