import Kernel
import NIOCore
import Primitives

/// What one side of a session needs to know before the handshake.
struct RLPxSessionConfig: Sendable {
    enum Role: Sendable {
        case initiator(remote: PublicKey, format: RLPxHandshakeFormat)
        case recipient
    }

    let role: Role
    let staticKey: PrivateKey
    let clientID: String
    let listenPort: UInt16
    let offers: [ProtocolOffer]
    let remoteAddress: PeerAddress
    let handshakeTimeout: TimeAmount
    let pingInterval: TimeAmount
    let idleTimeout: TimeAmount
    let maximumFrameSize: Int
    /// The receive budget shared by every session of the transport.
    let receiveBudget: RLPxReceiveBudget
    /// Reports a peer whose identity is known (after the auth/ack exchange) for misbehaving.
    let reportMisbehaviour: @Sendable (PeerID, PeerPenalty) -> Void
    /// Called once the remote's auth (or ack) proved valid: the listener then protects the handshake
    /// from being dropped for newcomers.
    var handshakeProgressed: @Sendable () -> Void = {}
}
