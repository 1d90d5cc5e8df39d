/// Speaks one protocol with each peer that negotiated it — a devp2p subprotocol such as `waku/1`,
/// or a libp2p protocol id. Registered by a plugin through `context.network.register(handler:)`.
///
/// `serve` runs once per stream (for RLPx: once per connection that shares the capability) inside a
/// task owned by the connection manager; it returns when the stream ends and is cancelled when the
/// connection closes or the handler's plugin stops.
public protocol ProtocolHandler: Sendable {
    var protocolID: ProtocolID { get }
    /// Size of the message-code space (RLPx capability length); 0 where unused.
    var messageCodeCount: UInt { get }
    /// Largest message payload the protocol accepts from a peer, or nil for the transport's own limit.
    /// Transports enforce it as early as they can (RLPx: from the frame header, before buffering the body).
    var maximumMessageSize: Int? { get }
    func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws
}

extension ProtocolHandler {
    public var maximumMessageSize: Int? { nil }
}

/// What a protocol handler knows about the peer on the other end of a stream.
public struct PeerSession: Sendable {
    public let peerID: PeerID
    public let address: PeerAddress
    public let direction: ConnectionDirection
    public let transportName: String
    /// Lets a handler open further streams (libp2p) or drop a misbehaving peer.
    public let connection: any SecureConnection
    /// Reports misbehaviour to the peer book (lowers its score; a low score gets it disconnected).
    public let penalize: @Sendable (PeerPenalty) async -> Void

    public init(peerID: PeerID, address: PeerAddress, direction: ConnectionDirection, transportName: String,
                connection: any SecureConnection, penalize: @escaping @Sendable (PeerPenalty) async -> Void) {
        self.peerID = peerID
        self.address = address
        self.direction = direction
        self.transportName = transportName
        self.connection = connection
        self.penalize = penalize
    }
}

/// A black mark against a peer, with a reason for the logs.
public struct PeerPenalty: Sendable, Equatable {
    public let points: Int
    public let reason: String

    public init(points: Int, reason: String) {
        self.points = points
        self.reason = reason
    }

    /// Malformed or hostile input: enough to get a peer disconnected and banned for a while.
    public static func protocolViolation(_ reason: String) -> PeerPenalty { PeerPenalty(points: 100, reason: reason) }
    /// Unhelpful but not hostile (e.g. a timeout).
    public static func minor(_ reason: String) -> PeerPenalty { PeerPenalty(points: 10, reason: reason) }
}
