import Kernel

/// Waku peer seam: the connected `waku/1` peers — who is there, who wants an envelope, and which
/// peers may answer history requests (trusted). Provided by the `waku` plugin as `.wakuPeers`; used by
/// send and relay (fan-out) and history and store (one peer at a time).
public protocol WakuPeerDirectory: Sendable {
    /// Ids of the peers with an active session.
    var connectedPeers: [PeerID] { get async }
    /// The link to `peer`, if it has an active session.
    func link(to peer: PeerID) async -> (any WakuPeerLink)?
    /// Links whose advertised interest and PoW requirement match `envelope`, except `excluding`.
    func links(interestedIn envelope: Envelope, excluding: PeerID?) async -> [any WakuPeerLink]
    /// Marks a peer as trusted (a mailserver this node asks): only trusted peers may send codes 125 and 127.
    func trust(_ peer: PeerID, _ isTrusted: Bool) async
}

extension WakuPeerDirectory {
    /// Links whose interest matches `envelope`.
    public func links(interestedIn envelope: Envelope) async -> [any WakuPeerLink] { await links(interestedIn: envelope, excluding: nil) }
    /// Trusts `peer`.
    public func trust(_ peer: PeerID) async { await trust(peer, true) }
}

extension ServiceKey where T == any WakuPeerDirectory {
    /// The `waku` plugin's peer directory.
    public static var wakuPeers: ServiceKey<any WakuPeerDirectory> { ServiceKey(.waku, "waku.peers") }
}
