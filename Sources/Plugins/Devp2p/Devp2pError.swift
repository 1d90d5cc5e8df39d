import Kernel

/// Failures of a devp2p session, each mapped to the Disconnect reason sent (or logged) for it.
public enum Devp2pError: Error, Equatable, CustomStringConvertible {
    case protocolBreach(String)
    case handshakeTimeout
    case frameTimeout
    case pingTimeout
    case remoteDisconnected(DisconnectReason)
    case nullIdentity
    case unexpectedIdentity
    case incompatibleVersion(UInt64)
    case uselessPeer
    case messageTooLarge(Int)
    /// A frame header announced more than the session accepts; refused before the body is buffered.
    case frameTooLarge(size: Int, limit: Int)
    /// The node-wide receive budget (`receive-budget-bytes`) cannot hold an announced frame body or a
    /// received message its handler has not read yet.
    case receiveBudgetExhausted(needed: Int, limit: Int)
    /// The session holds more unprocessed bytes than one frame can explain.
    case receiveBufferOverflow(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .protocolBreach(let why): return "protocol breach: \(why)"
        case .handshakeTimeout: return "the peer stalled during the handshake"
        case .frameTimeout: return "the peer stalled mid-frame"
        case .pingTimeout: return "the peer stopped answering pings"
        case .remoteDisconnected(let reason): return "the peer disconnected: \(reason)"
        case .nullIdentity: return "the peer's Hello carries an invalid node id"
        case .unexpectedIdentity: return "the peer's Hello names another node than the one the handshake authenticated"
        case .incompatibleVersion(let version): return "the peer speaks p2p version \(version)"
        case .uselessPeer: return "no capability in common"
        case .messageTooLarge(let size): return "message of \(size) bytes exceeds the limit"
        case .frameTooLarge(let size, let limit):
            return "frame header announces \(size) bytes; this session accepts at most \(limit) "
                + "(largest negotiated capability message, capped by devp2p.max-frame-bytes)"
        case .receiveBudgetExhausted(let needed, let limit):
            return "node-wide receive budget of \(limit) bytes exhausted (\(needed) more bytes of frame body or unread messages); "
                + "raise devp2p.receive-budget-bytes if this happens under honest load"
        case .receiveBufferOverflow(let bytes, let limit):
            return "\(bytes) unprocessed bytes buffered, more than one frame (\(limit) bytes)"
        }
    }

    /// What the peer book should hold against the peer, if anything.
    var penalty: PeerPenalty? {
        switch self {
        case .protocolBreach, .messageTooLarge, .nullIdentity, .unexpectedIdentity, .frameTooLarge, .receiveBufferOverflow:
            return .protocolViolation(description)
        case .receiveBudgetExhausted: return .minor(description)
        case .handshakeTimeout, .frameTimeout, .pingTimeout: return .minor(description)
        case .remoteDisconnected, .incompatibleVersion, .uselessPeer: return nil
        }
    }

    var disconnectReason: DisconnectReason {
        switch self {
        case .protocolBreach(let why): return DisconnectReason.protocolBreach.with(detail: why)
        case .handshakeTimeout, .frameTimeout: return DisconnectReason.tcpError.with(detail: description)
        case .pingTimeout: return .pingTimeout
        case .remoteDisconnected(let reason): return reason
        case .nullIdentity: return .nullIdentity
        case .unexpectedIdentity: return .unexpectedIdentity
        case .incompatibleVersion: return .incompatibleVersion
        case .uselessPeer: return .uselessPeer
        case .messageTooLarge, .frameTooLarge, .receiveBufferOverflow: return DisconnectReason.protocolBreach.with(detail: description)
        case .receiveBudgetExhausted: return DisconnectReason.tooManyPeers.with(detail: description)
        }
    }
}
