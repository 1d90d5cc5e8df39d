import Kernel
import WakuCore

/// The active `waku/1` sessions of a node and which peers are trusted to answer history requests:
/// the `waku` plugin's `WakuPeerDirectory`.
public actor WakuSessionTable: WakuPeerDirectory {
    private var sessions: [PeerID: WakuPeerSession] = [:]
    private var trusted: Set<PeerID> = []

    public init() {}

    public var connectedPeers: [PeerID] { Array(sessions.keys) }

    /// Every active session.
    public var all: [WakuPeerSession] { Array(sessions.values) }

    /// The session with `peer`, if any.
    public func session(for peer: PeerID) -> WakuPeerSession? { sessions[peer] }

    public func link(to peer: PeerID) -> (any WakuPeerLink)? { sessions[peer] }

    public func links(interestedIn envelope: Envelope, excluding: PeerID?) async -> [any WakuPeerLink] {
        await sessions(interestedIn: envelope, excluding: excluding)
    }

    /// Sessions whose advertised interest and PoW requirement match `envelope`, except `excluding`.
    public func sessions(interestedIn envelope: Envelope, excluding: PeerID? = nil) async -> [WakuPeerSession] {
        var result: [WakuPeerSession] = []
        for (id, session) in sessions where id != excluding {
            if await session.wants(envelope) { result.append(session) }
        }
        return result
    }

    public func trust(_ peer: PeerID, _ isTrusted: Bool) {
        if isTrusted { trusted.insert(peer) } else { trusted.remove(peer) }
    }

    public func isTrusted(_ peer: PeerID) -> Bool { trusted.contains(peer) }

    func register(_ session: WakuPeerSession) { sessions[session.peerID] = session }

    /// Removes `session` if it is still the peer's current one; `false` if a newer session replaced it.
    func unregister(_ session: WakuPeerSession) -> Bool {
        guard sessions[session.peerID] === session else { return false }
        sessions[session.peerID] = nil
        return true
    }
}
