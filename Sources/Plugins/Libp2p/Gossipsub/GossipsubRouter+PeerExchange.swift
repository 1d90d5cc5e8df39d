import Foundation
import Kernel
import Libp2pCore

extension GossipsubRouter {
    /// The peers a PRUNE to `id` offers (v1.1 PX): other gossipsub peers of `topic` with a non-negative
    /// score, at most `prunePeers`, each with its signed peer record when this node has it.
    func exchangeOffer(_ topic: String, for id: PeerID) -> [PubsubRPC.PeerInfo] {
        guard parameters.peerExchange, parameters.prunePeers > 0 else { return [] }
        let now = clock.now()
        let offered = peers.filter { other, peer in
            other != id && peer.proto.isGossipsub && peer.topics.contains(topic) && score.score(other, now: now) >= 0
        }.shuffled().prefix(parameters.prunePeers)
        stats.count(\.pxOffered, offered.count)
        return offered.map { PubsubRPC.PeerInfo(peerID: $0.key.bytes, signedPeerRecord: $0.value.link?.signedPeerRecord) }
    }

    /// PX in a PRUNE from `id`: accepted only when `id` scores at least `acceptPXThreshold`; each offered
    /// peer's signed record must verify (and name the offered id); peers already connected are skipped.
    /// Peers offered without a record cannot be dialled (their addresses are unknown) and are skipped.
    func acceptExchange(_ offered: [PubsubRPC.PeerInfo], from id: PeerID, now: Date) async {
        guard parameters.peerExchange, score.score(id, now: now) >= parameters.score.acceptPXThreshold else {
            stats.count(\.pxIgnored)
            return
        }
        var records: [SignedPeerRecord] = []
        for info in offered.prefix(parameters.prunePeers) {
            guard let envelope = info.signedPeerRecord else { continue }
            guard let record = try? SignedPeerRecord(verifying: envelope),
                  info.peerID.map({ $0 == record.peerID.bytes }) ?? true else {
                stats.count(\.pxInvalidRecords)
                score.penalize(id)
                continue
            }
            let offeredID = PeerID(record.peerID.bytes)
            guard offeredID != id, peers[offeredID] == nil, !record.addresses.isEmpty else { continue }
            records.append(record)
        }
        guard !records.isEmpty else { return }
        stats.count(\.pxAccepted, records.count)
        await exchange(records)
    }
}
