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
    /// Queues envelopes in one Messages packet without waiting for the wire; `false` when the peer's
    /// bounded outbound queue is full and they were dropped for this peer (relaying is best effort).
    func offer(envelopes: [Envelope]) async throws -> Bool
    /// Sends one raw packet (mailserver request 126, history envelopes 127, completion 125).
    func send(code: WakuPacketCode, payload: [UInt8]) async throws
}

extension WakuPeerLink {
    /// Default for links without an outbound queue: sends and waits.
    public func offer(envelopes: [Envelope]) async throws -> Bool {
        try await send(envelopes: envelopes)
        return true
    }
}
