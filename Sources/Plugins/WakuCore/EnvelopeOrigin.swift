/// Where an envelope entered this node. Peers are named by their transport identity bytes
/// (the kernel's `PeerID.bytes`: pub64 for devp2p), so WakuCore needs no node types.
public enum EnvelopeOrigin: Sendable, Hashable {
    /// Posted by this node.
    case local
    /// Received in a Messages packet (code 1) from a peer: relayed onward.
    case relay(peer: [UInt8])
    /// Received from a store peer in answer to a history request (code 127): delivered locally,
    /// never forwarded, and its expiry is not enforced.
    case history(peer: [UInt8])

    /// The peer it came from, if any (a relay never sends an envelope back to it).
    public var peer: [UInt8]? {
        switch self {
        case .local: return nil
        case .relay(let peer), .history(let peer): return peer
        }
    }
}
