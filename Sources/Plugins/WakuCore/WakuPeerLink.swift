import Kernel

/// Waku peer seam: one connected `waku/1` peer as the capability plugins see it — enough to send it
/// envelopes and to run a request/response exchange with it (history request 126 → envelopes 127 →
/// completion 125). Implemented by the `waku` plugin's session; plugins never see its stream.
public protocol WakuPeerLink: Sendable {
    /// The peer's transport identity.
    var peerID: PeerID { get }
    /// Whether the peer advertised itself as a light node (a light node stores nothing).
    var isLightNode: Bool { get async }
    /// Sends envelopes in one Messages packet (code 1), unfiltered.
    ///
    /// - Returns: the packet's batch hash, which the peer's BatchAcknowledged / MessageResponse name.
    @discardableResult
    func send(envelopes: [Envelope]) async throws -> [UInt8]
    /// Sends one raw packet (mailserver request 126, history envelopes 127, completion 125).
    func send(code: WakuPacketCode, payload: [UInt8]) async throws
}
