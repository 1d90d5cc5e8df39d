/// Why an admission policy turned a connection away, with what to change if it was wanted.
public enum AdmissionRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// Every slot is taken and no inbound peer may be evicted for this one.
    case tooManyPeers(max: Int)
    /// The inbound share (`max − reserved-outbound`) is full and no inbound peer scores at or below the candidate.
    case inboundSlotsFull(inboundMax: Int)
    case tooManyPeersFromIP(ip: String, limit: Int)
    case tooManyPeersFromSubnet(subnet: String, limit: Int)
    case tooManyHandshakes(limit: Int)
    case tooManyHandshakesFromIP(ip: String, limit: Int)
    case tooManyHandshakesFromSubnet(subnet: String, limit: Int)

    public var description: String {
        switch self {
        case .tooManyPeers(let max):
            return "all \(max) peer slots are taken and no inbound peer can be evicted (raise node.peers.max)"
        case .inboundSlotsFull(let inboundMax):
            return "all \(inboundMax) inbound slots are taken by peers scoring at least as well (raise node.peers.max or lower node.peers.reserved-outbound)"
        case .tooManyPeersFromIP(let ip, let limit):
            return "\(limit) peers from \(ip) already (node.peers.max-per-ip)"
        case .tooManyPeersFromSubnet(let subnet, let limit):
            return "\(limit) peers from \(subnet) already (node.peers.max-per-subnet)"
        case .tooManyHandshakes(let limit):
            return "\(limit) handshakes in flight and none can be dropped for this one (devp2p.max-pending-handshakes)"
        case .tooManyHandshakesFromIP(let ip, let limit):
            return "\(limit) handshakes from \(ip) in flight already (devp2p.max-handshakes-per-ip)"
        case .tooManyHandshakesFromSubnet(let subnet, let limit):
            return "\(limit) handshakes from \(subnet) in flight already (devp2p.max-handshakes-per-subnet)"
        }
    }

    /// The devp2p reason a refused authenticated peer is told.
    public var disconnectReason: DisconnectReason { DisconnectReason.tooManyPeers.with(detail: description) }
}
