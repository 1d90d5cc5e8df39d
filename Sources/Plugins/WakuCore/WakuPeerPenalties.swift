import Kernel

/// Waku peer seam: penalising a peer for something a plugin found wrong (a bad history request, say),
/// recorded per peer and reported to the peer book. Provided by the `waku` plugin as `.wakuPenalties`.
public protocol WakuPeerPenalties: Sendable {
    /// Records `penalty` against `peer` and reports it to the peer book.
    func penalize(_ peer: PeerID, _ penalty: PeerPenalty) async
    /// Reasons `peer` was penalised for (newest last).
    func penalties(for peer: PeerID) async -> [String]
}

extension ServiceKey where T == any WakuPeerPenalties {
    /// The `waku` plugin's penalty log.
    public static var wakuPenalties: ServiceKey<any WakuPeerPenalties> { ServiceKey(.waku, "waku.penalties") }
}
