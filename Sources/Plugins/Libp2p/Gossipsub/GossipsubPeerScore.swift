import Foundation
import Kernel

/// The gossipsub v1.1 score of every known peer: P1 time in mesh, P2 first deliveries, P3/P3b mesh
/// delivery deficit and failure penalty, P4 invalid messages, P5 application score, P6 IP colocation,
/// P7 behaviour penalty. Counters decay each heartbeat; a peer's record outlives its connection for
/// `retainSeconds` so reconnecting does not wash a bad score.
struct GossipsubPeerScore {
    struct TopicStats {
        var inMesh = false
        var graftTime = Date.distantPast
        var meshTime: TimeInterval = 0
        var firstDeliveries = 0.0
        var meshDeliveries = 0.0
        var meshDeliveriesActive = false
        var meshFailurePenalty = 0.0
        var invalidDeliveries = 0.0
    }

    struct PeerStats {
        var connected = true
        var expiry = Date.distantFuture
        var ip: String?
        var behaviourPenalty = 0.0
        var appScore = 0.0
        var topics: [String: TopicStats] = [:]
    }

    let parameters: GossipsubScoreParameters
    let retainSeconds: TimeInterval = 120
    private(set) var peers: [PeerID: PeerStats] = [:]
    private var peersByIP: [String: Set<PeerID>] = [:]

    init(parameters: GossipsubScoreParameters) { self.parameters = parameters }

    // MARK: events

    mutating func connected(_ peer: PeerID, ip: String?) {
        var stats = peers[peer] ?? PeerStats()
        stats.connected = true
        stats.expiry = .distantFuture
        stats.ip = ip
        peers[peer] = stats
        if let ip { peersByIP[ip, default: []].insert(peer) }
    }

    mutating func disconnected(_ peer: PeerID, now: Date) {
        guard var stats = peers[peer] else { return }
        for topic in stats.topics.keys where stats.topics[topic]!.inMesh { pruned(peer, topic, stats: &stats) }
        stats.connected = false
        stats.expiry = now.addingTimeInterval(retainSeconds)
        peers[peer] = stats
        if let ip = stats.ip { peersByIP[ip]?.remove(peer) }
    }

    mutating func grafted(_ peer: PeerID, _ topic: String, now: Date) {
        peers[peer, default: PeerStats()].topics[topic, default: TopicStats()].inMesh = true
        peers[peer]!.topics[topic]!.graftTime = now
        peers[peer]!.topics[topic]!.meshTime = 0
        peers[peer]!.topics[topic]!.meshDeliveriesActive = false
    }

    mutating func pruned(_ peer: PeerID, _ topic: String) {
        guard var stats = peers[peer] else { return }
        pruned(peer, topic, stats: &stats)
        peers[peer] = stats
    }

    private func pruned(_ peer: PeerID, _ topic: String, stats: inout PeerStats) {
        guard var t = stats.topics[topic] else { return }
        // P3b: a peer that leaves the mesh while under its delivery quota keeps the deficit as a penalty.
        if t.meshDeliveriesActive && t.meshDeliveries < parameters.meshMessageDeliveriesThreshold {
            let deficit = parameters.meshMessageDeliveriesThreshold - t.meshDeliveries
            t.meshFailurePenalty += deficit * deficit
        }
        t.inMesh = false
        stats.topics[topic] = t
    }

    /// A valid message delivered first by `peer` (P2), or a near-first duplicate from a mesh peer (P3).
    mutating func delivered(_ peer: PeerID, _ topic: String, first: Bool) {
        guard peers[peer] != nil else { return }
        var t = peers[peer]!.topics[topic, default: TopicStats()]
        if first { t.firstDeliveries = min(t.firstDeliveries + 1, parameters.firstMessageDeliveriesCap) }
        if t.inMesh { t.meshDeliveries = min(t.meshDeliveries + 1, parameters.meshMessageDeliveriesCap) }
        peers[peer]!.topics[topic] = t
    }

    /// P4: the peer sent a message that failed validation (or broke the signature policy).
    mutating func invalid(_ peer: PeerID, _ topic: String) {
        guard peers[peer] != nil else { return }
        peers[peer]!.topics[topic, default: TopicStats()].invalidDeliveries += 1
    }

    /// P7: a protocol misbehaviour (GRAFT in backoff, broken IWANT promise, malformed RPC).
    mutating func penalize(_ peer: PeerID, _ count: Double = 1) {
        guard peers[peer] != nil else { return }
        peers[peer]!.behaviourPenalty += count
    }

    mutating func setAppScore(_ peer: PeerID, _ value: Double) { peers[peer]?.appScore = value }

    // MARK: score

    func score(_ peer: PeerID, now: Date) -> Double {
        guard let stats = peers[peer] else { return 0 }
        let p = parameters
        var topicScore = 0.0
        for (_, t) in stats.topics {
            var s = 0.0
            if t.inMesh {
                let quanta = max(0, now.timeIntervalSince(t.graftTime)) / p.timeInMeshQuantumSeconds
                s += min(quanta, p.timeInMeshCap) * p.timeInMeshWeight
            }
            s += t.firstDeliveries * p.firstMessageDeliveriesWeight
            if t.inMesh && t.meshDeliveriesActive && t.meshDeliveries < p.meshMessageDeliveriesThreshold {
                let deficit = p.meshMessageDeliveriesThreshold - t.meshDeliveries
                s += deficit * deficit * p.meshMessageDeliveriesWeight
            }
            s += t.meshFailurePenalty * p.meshFailurePenaltyWeight
            s += t.invalidDeliveries * t.invalidDeliveries * p.invalidMessageDeliveriesWeight
            topicScore += s * p.topicWeight
        }
        var total = topicScore + stats.appScore * p.appSpecificWeight
        if let ip = stats.ip, let sharing = peersByIP[ip]?.count, Double(sharing) > p.ipColocationFactorThreshold {
            let surplus = Double(sharing) - p.ipColocationFactorThreshold
            total += surplus * surplus * p.ipColocationFactorWeight
        }
        if stats.behaviourPenalty > p.behaviourPenaltyThreshold {
            let excess = stats.behaviourPenalty - p.behaviourPenaltyThreshold
            total += excess * excess * p.behaviourPenaltyWeight
        }
        return total
    }

    /// Decays every counter (once per heartbeat), activates mesh delivery quotas, forgets old disconnected peers.
    mutating func decay(now: Date) {
        let p = parameters
        func d(_ value: inout Double, _ factor: Double) {
            value *= factor
            if abs(value) < p.decayToZero { value = 0 }
        }
        for (peer, var stats) in peers {
            if !stats.connected && stats.expiry <= now { peers[peer] = nil; continue }
            d(&stats.behaviourPenalty, p.behaviourPenaltyDecay)
            for (topic, var t) in stats.topics {
                d(&t.firstDeliveries, p.firstMessageDeliveriesDecay)
                d(&t.meshDeliveries, p.meshMessageDeliveriesDecay)
                d(&t.meshFailurePenalty, p.meshFailurePenaltyDecay)
                d(&t.invalidDeliveries, p.invalidMessageDeliveriesDecay)
                if t.inMesh && now.timeIntervalSince(t.graftTime) >= p.meshMessageDeliveriesActivationSeconds { t.meshDeliveriesActive = true }
                stats.topics[topic] = t
            }
            peers[peer] = stats
        }
    }
}
