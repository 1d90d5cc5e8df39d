import Kernel

/// Something a `waku/1` peer sent that later plugins (send, relay, store, history) act on; delivered by
/// `WakuPeerEventSource.events()`.
public enum WakuPeerEvent: Sendable {
    /// An accepted envelope from a Messages (code 1) or trusted P2PMessage (127) packet.
    case envelope(Envelope, origin: EnvelopeOrigin)
    /// A MessageResponse (code 12) from a peer.
    case messageResponse(MessageResponse, peer: PeerID)
    /// A BatchAcknowledged (code 11) from a peer: it took every envelope of the Messages packet
    /// whose payload hashes to `batch`.
    case batchAcknowledged(batch: [UInt8], peer: PeerID)
    /// A P2PRequest (code 126) payload for a store plugin.
    case p2pRequest([UInt8], peer: PeerID)
    /// A P2PRequestComplete (code 125) payload from a trusted peer.
    case requestComplete([UInt8], peer: PeerID)
    /// A peer finished the handshake or left.
    case peerJoined(PeerID)
    case peerLeft(PeerID)
}
