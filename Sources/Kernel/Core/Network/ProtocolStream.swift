/// A message-framed, bidirectional channel for one protocol with one peer.
///
/// See `NetworkSeams.swift` for how RLPx capabilities and libp2p streams map onto it.
public protocol ProtocolStream: Sendable {
    var protocolID: ProtocolID { get }
    /// Sends one message; throws `NetworkError.closed` once the stream or connection is gone.
    func send(_ message: FramedMessage) async throws
    /// The next message, or `nil` when the remote closed the stream or the connection ended.
    func receive() async throws -> FramedMessage?
    /// Closes this stream (for RLPx: no-op until the whole connection closes).
    func close() async
}
