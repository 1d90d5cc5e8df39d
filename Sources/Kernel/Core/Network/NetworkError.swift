/// Failures at the network seams, with what to do about them.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    case closed
    case noTransport(scheme: String)
    case streamsAreImplicit(transport: String)
    case protocolNotNegotiated(ProtocolID)
    case identityMismatch(expected: PeerID, got: PeerID)
    case rejected(DisconnectReason)
    case dialFailed(String)
    case timeout(String)

    public var description: String {
        switch self {
        case .closed: return "the connection is closed"
        case .noTransport(let scheme):
            return "no transport in this profile dials '\(scheme)' addresses; add the matching transport plugin"
        case .streamsAreImplicit(let transport):
            return "\(transport) opens every negotiated protocol at handshake; streams cannot be opened on demand"
        case .protocolNotNegotiated(let id): return "the peer did not agree to speak \(id)"
        case .identityMismatch(let expected, let got):
            return "dialled \(expected) but the remote proved identity \(got)"
        case .rejected(let reason): return "connection rejected: \(reason)"
        case .dialFailed(let why): return "dial failed: \(why)"
        case .timeout(let what): return "timed out: \(what)"
        }
    }
}
