/// Which side opened a connection.
public enum ConnectionDirection: String, Sendable, Codable {
    case inbound, outbound
}

/// An authenticated connection to one peer, after the transport's handshake and capability
/// negotiation. See `NetworkSeams.swift` for the RLPx and libp2p mappings.
public protocol SecureConnection: AnyObject, Sendable {
    /// The identity the remote proved during the handshake.
    var remotePeer: PeerID { get }
    var remoteAddress: PeerAddress { get }
    var direction: ConnectionDirection { get }
    /// The transport's plugin key (`devp2p`, `memory`, …), for accounting and status.
    var transportName: String { get }
    /// Protocols both sides agreed to speak.
    var protocols: [ProtocolID] { get }
    /// Streams as they become available: every negotiated capability at once (RLPx, memory), or each
    /// stream the remote opens (libp2p). Finishes when no more streams can come (RLPx: right after the
    /// capabilities; libp2p: when the connection closes).
    var inboundStreams: AsyncStream<any ProtocolStream> { get }
    /// Opens a stream for `id` (libp2p); transports with implicit streams throw `.streamsAreImplicit`.
    func openStream(_ id: ProtocolID) async throws -> any ProtocolStream
    /// Closes the connection, telling the remote why where the wire allows.
    func close(_ reason: DisconnectReason) async
    /// Suspends until the connection has closed (either side) and returns why.
    func closed() async -> DisconnectReason
}
