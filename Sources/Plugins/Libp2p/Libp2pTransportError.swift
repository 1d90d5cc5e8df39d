import Kernel

/// Why a libp2p connection failed or was dropped; each maps to a disconnect reason and, for hostile
/// input, a penalty.
enum Libp2pTransportError: Error, CustomStringConvertible {
    case closedDuringHandshake(String)
    case handshakeTimedOut(seconds: Double)
    case negotiation(String)
    case bufferOverflow(Int)
    case messageTooLarge(Int, limit: Int)
    case notAMultiaddr(String)

    var description: String {
        switch self {
        case .closedDuringHandshake(let stage): return "the peer closed the connection during \(stage)"
        case .handshakeTimedOut(let s): return "the libp2p upgrade (multistream, Noise, muxer) did not finish within \(s) s"
        case .negotiation(let why): return "protocol negotiation failed: \(why)"
        case .bufferOverflow(let n): return "the peer sent \(n) bytes without completing a message"
        case .messageTooLarge(let n, let limit): return "message of \(n) bytes exceeds the \(limit)-byte limit"
        case .notAMultiaddr(let why): return "not a dialable libp2p address: \(why)"
        }
    }

    /// Hostile input earns a protocol-violation penalty; a timeout only a minor one.
    var penalty: PeerPenalty {
        switch self {
        case .handshakeTimedOut, .closedDuringHandshake: return .minor(description)
        default: return .protocolViolation(description)
        }
    }
}
