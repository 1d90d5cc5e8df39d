/// A message-framed, bidirectional channel for one protocol with one peer.
///
/// See `NetworkSeams.swift` for how RLPx capabilities and libp2p streams map onto it.
public protocol ProtocolStream: Sendable {
    var protocolID: ProtocolID { get }
    /// Sends one message; throws `NetworkError.closed` once the stream or connection is gone.
    func send(_ message: FramedMessage) async throws
    /// Queues one message without waiting for it to reach the wire. `false` when this stream's bounded
    /// outbound queue is full and the message was dropped: for best-effort traffic (relayed envelopes),
    /// where a peer that reads slowly must not hold up the others. Throws `NetworkError.closed` once the
    /// stream or connection is gone. No default: a wrapper that forgot to forward it would silently wait.
    func enqueue(_ message: FramedMessage) async throws -> Bool
    /// The next message, or `nil` when the remote closed the stream or the connection ended.
    func receive() async throws -> FramedMessage?
    /// Closes this stream (for RLPx: no-op until the whole connection closes).
    func close() async
}

