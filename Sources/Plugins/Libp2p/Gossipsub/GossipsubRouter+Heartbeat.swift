import Foundation
import Kernel
import Libp2pCore

extension GossipsubRouter {
    /// One heartbeat: mesh maintenance (negative scores out, D_lo/D_hi with the outbound quota,
    /// opportunistic grafting), fanout expiry and top-up, IHAVE gossip, broken IWANT promises, score decay,
    /// cache shifts.
    public func heartbeat() async {
        heartbeats += 1
        let now = clock.now()
        let p = parameters
        for (topic, members) in mesh {
            var members = members
            for id in members where peers[id] == nil || score.score(id, now: now) < 0 {
                members.remove(id)
                mesh[topic] = members
                if peers[id] != nil { await prune(id, topic) } else { score.pruned(id, topic) }
            }
            if members.count < p.dLow {
                for id in eligibleForMesh(topic, excluding: members).prefix(p.d - members.count) {
                    members.insert(id)
                    await graft(id, topic)
                }
            }
            if members.count > p.dHigh {
                // Keep the best-scoring half of D, then fill to D at random, keeping at least D_out outbound peers.
                let ranked = members.sorted { score.score($0, now: now) > score.score($1, now: now) }
                var keep = Array(ranked.prefix(p.d / 2))
                keep += ranked.dropFirst(p.d / 2).shuffled().prefix(p.d - keep.count)
                let outboundKept = keep.filter { peers[$0]?.outbound == true }.count
                if outboundKept < p.dOut {
                    let extra = ranked.filter { !keep.contains($0) && peers[$0]?.outbound == true }.prefix(p.dOut - outboundKept)
                    for id in extra {
                        if let victim = keep.lastIndex(where: { peers[$0]?.outbound != true }) { keep.remove(at: victim) }
                        keep.append(id)
                    }
                }
                for id in members.subtracting(keep) {
                    members.remove(id)
                    await prune(id, topic, px: true)
                }
            }
            // Outbound quota: below D_out outbound peers, graft outbound ones even over D.
            let outbound = members.filter { peers[$0]?.outbound == true }.count
            if members.count >= p.dLow && outbound < p.dOut {
                for id in eligibleForMesh(topic, excluding: members).filter({ peers[$0]?.outbound == true }).prefix(p.dOut - outbound) {
                    members.insert(id)
                    await graft(id, topic)
                }
            }
            // Opportunistic grafting: when the mesh's median score is low, graft peers scoring above it.
            if p.opportunisticGraftTicks > 0 && heartbeats % p.opportunisticGraftTicks == 0 && members.count > 1 {
                let scores = members.map { score.score($0, now: now) }.sorted()
                let median = scores[scores.count / 2]
                if median < p.score.opportunisticGraftThreshold {
                    for id in eligibleForMesh(topic, excluding: members).filter({ score.score($0, now: now) > median })
                        .prefix(p.opportunisticGraftPeers) {
                        members.insert(id)
                        await graft(id, topic)
                    }
                }
            }
            mesh[topic] = members
        }
        for (topic, last) in fanoutLastPublished where now.timeIntervalSince(last) > p.fanoutTTLSeconds {
            fanout[topic] = nil
            fanoutLastPublished[topic] = nil
        }
        for (topic, members) in fanout {
            var members = members.filter { peers[$0]?.topics.contains(topic) == true && score.score($0, now: now) >= p.score.publishThreshold }
            if members.count < p.d {
                let more = peers.filter { id, peer in
                    peer.proto.isGossipsub && peer.topics.contains(topic) && !members.contains(id)
                        && score.score(id, now: now) >= p.score.publishThreshold
                }.map(\.key).shuffled().prefix(p.d - members.count)
                members.formUnion(more)
            }
            fanout[topic] = members
        }
        await emitGossip(now: now)
        for (messageID, promise) in promises where promise.deadline <= now {
            promises[messageID] = nil
            stats.count(\.brokenPromises)
            score.penalize(promise.peer)
        }
        for id in peers.keys {
            peers[id]?.ihavesThisBeat = 0
            peers[id]?.iwantedThisBeat = 0
            peers[id]?.served = [:]
        }
        score.decay(now: now)
        mcache.shift()
        seen.prune(now: now)
        for topic in backoff.keys { backoff[topic] = backoff[topic]?.filter { $0.value > now } }
    }

    /// IHAVE of each mesh and fanout topic's recent ids to D_lazy (or gossipFactor of the eligible) other peers.
    func emitGossip(now: Date) async {
        let p = parameters
        let topics = Set(mesh.keys).union(fanout.keys)
        var outgoing: [PeerID: [PubsubRPC.IHave]] = [:]
        for topic in topics {
            let ids = mcache.gossipIDs(topic)
            guard !ids.isEmpty else { continue }
            let exclude = (mesh[topic] ?? []).union(fanout[topic] ?? [])
            let eligible = peers.filter { id, peer in
                peer.proto.isGossipsub && peer.topics.contains(topic) && !exclude.contains(id)
                    && score.score(id, now: now) >= p.score.gossipThreshold
            }.map(\.key).shuffled()
            let count = max(p.dLazy, Int(Double(eligible.count) * p.gossipFactor))
            for id in eligible.prefix(count) {
                outgoing[id, default: []].append(PubsubRPC.IHave(topic: topic, messageIDs: Array(ids.prefix(p.maxIHaveLength))))
            }
        }
        for (id, ihave) in outgoing {
            stats.count(\.ihaveSent)
            await send(PubsubRPC(control: .init(ihave: ihave)), to: id)
        }
    }
}
