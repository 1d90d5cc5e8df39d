import Kernel
import WakuCore

/// Why this node penalised each waku peer, with the penalty passed on to the peer book: the `waku`
/// plugin's `WakuPeerPenalties`.
public actor WakuPenaltyLog: WakuPeerPenalties {
    private let sessions: WakuSessionTable
    private var log: [PeerID: [String]] = [:]

    public init(sessions: WakuSessionTable) { self.sessions = sessions }

    public func penalize(_ peer: PeerID, _ penalty: PeerPenalty) async {
        record(penalty.reason, peer: peer)
        await sessions.session(for: peer)?.peer.penalize(penalty)
    }

    public func penalties(for peer: PeerID) -> [String] { log[peer] ?? [] }

    /// Records a penalty a session already reported to the peer book itself.
    func record(_ reason: String, peer: PeerID) { log[peer, default: []].append(reason) }
}
