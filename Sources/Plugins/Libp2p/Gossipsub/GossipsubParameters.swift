import Kernel

/// Gossipsub v1.1 router parameters (libp2p/specs pubsub/gossipsub v1.0 + v1.1 defaults), and the
/// `gossipsub` plugin's settings: `gossipsub: {d: 6, heartbeat-seconds: 1, …}`.
public struct GossipsubParameters: Decodable, Sendable, Equatable {
    /// Mesh degree and its bounds.
    public var d = 6
    public var dLow = 4
    public var dHigh = 12
    /// Peers (outside the mesh) each heartbeat's IHAVE goes to, at least.
    public var dLazy = 6
    /// Outbound peers the mesh keeps when it is pruned (v1.1 outbound quota, < dLow and ≤ d/2).
    public var dOut = 2
    /// Fraction of eligible non-mesh peers that get gossip when that is more than `dLazy`.
    public var gossipFactor = 0.25
    public var heartbeatSeconds = 1.0
    /// `heartbeatSeconds` as a duration.
    public var heartbeatInterval: Duration { .milliseconds(Int64(heartbeatSeconds * 1000)) }
    /// Fanout state of a topic this node published on but did not join is dropped after this long.
    public var fanoutTTLSeconds = 60.0
    /// Message-cache windows kept, and how many of them IHAVE advertises.
    public var historyLength = 5
    public var historyGossip = 3
    /// How long a message id stays in the seen-cache (duplicates are dropped).
    public var seenTTLSeconds = 120.0
    /// Backoff after a PRUNE (ours or the peer's when it gives none).
    public var pruneBackoffSeconds = 60.0
    /// A GRAFT this soon after a PRUNE counts twice in the behaviour penalty.
    public var graftFloodThresholdSeconds = 10.0
    /// v1.1 flood publishing: own messages go to every topic peer above the publish threshold.
    public var floodPublish = true
    /// IHAVE handling limits per peer and heartbeat; IWANT answers per message and peer.
    public var maxIHaveMessages = 10
    public var maxIHaveLength = 5000
    public var gossipRetransmission = 3
    /// An IWANT this node sent must be answered within this time or the peer is penalised.
    public var iwantFollowupSeconds = 3.0
    /// Opportunistic grafting every this many heartbeats.
    public var opportunisticGraftTicks = 60
    public var opportunisticGraftPeers = 2
    /// Largest RPC accepted from a peer (bytes, after the length prefix).
    public var maxRPCBytes = 1 << 20
    /// Messages read from one peer per second (a token bucket with one second of burst); past it the peer's
    /// stream is read no faster (flow control, not a penalty). 0: no limit.
    public var maxMessagesPerSecondPerPeer = 0
    /// v1.1 peer exchange: PRUNEs for an over-full mesh (or on leaving a topic) offer up to `prunePeers`
    /// other topic peers (with their signed peer records when known); PX received from a peer scoring at
    /// least `acceptPXThreshold` is dialled through the connection manager.
    public var peerExchange = true
    public var prunePeers = 16
    public var score = GossipsubScoreParameters()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case d, dLow, dHigh, dLazy, dOut, gossipFactor, heartbeatSeconds, fanoutTTLSeconds, historyLength, historyGossip, seenTTLSeconds
        case pruneBackoffSeconds, floodPublish, maxRPCBytes, score, peerExchange, prunePeers, maxMessagesPerSecondPerPeer
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let x = GossipsubParameters()
        d = try c.decode(Int.self, forKey: .d, default: x.d, in: 1...64)
        dLow = try c.decode(Int.self, forKey: .dLow, default: min(x.dLow, d), in: 0...64)
        dHigh = try c.decode(Int.self, forKey: .dHigh, default: max(x.dHigh, d), in: 1...256)
        guard dLow <= d, d <= dHigh else {
            throw DecodingError.dataCorruptedError(forKey: .d, in: c, debugDescription: "need d-low ≤ d ≤ d-high (got \(dLow), \(d), \(dHigh))")
        }
        dLazy = try c.decode(Int.self, forKey: .dLazy, default: x.dLazy, in: 0...64)
        dOut = try c.decode(Int.self, forKey: .dOut, default: min(x.dOut, d / 2), in: 0...32)
        gossipFactor = try c.decode(Double.self, forKey: .gossipFactor, default: x.gossipFactor, in: 0...1)
        heartbeatSeconds = try c.decode(Double.self, forKey: .heartbeatSeconds, default: x.heartbeatSeconds, in: 0.01...60, unit: "seconds")
        fanoutTTLSeconds = try c.decode(Double.self, forKey: .fanoutTTLSeconds, default: x.fanoutTTLSeconds, in: 1...3600, unit: "seconds")
        historyLength = try c.decode(Int.self, forKey: .historyLength, default: x.historyLength, in: 1...100)
        historyGossip = try c.decode(Int.self, forKey: .historyGossip, default: min(x.historyGossip, historyLength), in: 0...100)
        seenTTLSeconds = try c.decode(Double.self, forKey: .seenTTLSeconds, default: x.seenTTLSeconds, in: 1...86_400, unit: "seconds")
        pruneBackoffSeconds = try c.decode(Double.self, forKey: .pruneBackoffSeconds, default: x.pruneBackoffSeconds, in: 1...3600, unit: "seconds")
        floodPublish = try c.decodeIfPresent(Bool.self, forKey: .floodPublish) ?? x.floodPublish
        maxRPCBytes = try c.decode(Int.self, forKey: .maxRPCBytes, default: x.maxRPCBytes, in: 1024...(64 << 20), unit: "bytes")
        score = try c.decodeIfPresent(GossipsubScoreParameters.self, forKey: .score) ?? x.score
        peerExchange = try c.decodeIfPresent(Bool.self, forKey: .peerExchange) ?? x.peerExchange
        prunePeers = try c.decode(Int.self, forKey: .prunePeers, default: x.prunePeers, in: 0...64)
        maxMessagesPerSecondPerPeer = try c.decode(Int.self, forKey: .maxMessagesPerSecondPerPeer, default: x.maxMessagesPerSecondPerPeer,
                                                   in: 0...10_000_000)
    }
}

/// Gossipsub v1.1 peer-score weights (P1–P7, one topic set shared by every topic) and thresholds.
/// Defaults follow nwaku's relay (P3/P3b off: Waku traffic is too irregular for delivery quotas).
public struct GossipsubScoreParameters: Decodable, Sendable, Equatable {
    public var topicWeight = 1.0
    /// P1: time in mesh (per quantum, capped).
    public var timeInMeshWeight = 0.01
    public var timeInMeshQuantumSeconds = 1.0
    public var timeInMeshCap = 3600.0
    /// P2: first deliveries (decayed, capped).
    public var firstMessageDeliveriesWeight = 1.0
    public var firstMessageDeliveriesDecay = 0.5
    public var firstMessageDeliveriesCap = 10.0
    /// P3: mesh delivery deficit (squared) once active; P3b: sticky failure penalty on leaving the mesh.
    public var meshMessageDeliveriesWeight = 0.0
    public var meshMessageDeliveriesDecay = 0.5
    public var meshMessageDeliveriesThreshold = 1.0
    public var meshMessageDeliveriesCap = 10.0
    public var meshMessageDeliveriesActivationSeconds = 30.0
    public var meshFailurePenaltyWeight = 0.0
    public var meshFailurePenaltyDecay = 0.5
    /// P4: invalid messages (squared).
    public var invalidMessageDeliveriesWeight = -10.0
    public var invalidMessageDeliveriesDecay = 0.9
    /// P5: application-specific score.
    public var appSpecificWeight = 1.0
    /// P6: peers beyond `ipColocationFactorThreshold` sharing one IP (squared surplus).
    public var ipColocationFactorWeight = 0.0
    public var ipColocationFactorThreshold = 10.0
    /// P7: behaviour penalty (squared excess over the threshold).
    public var behaviourPenaltyWeight = -1.0
    public var behaviourPenaltyThreshold = 0.0
    public var behaviourPenaltyDecay = 0.9
    /// Counters that decay below this become zero.
    public var decayToZero = 0.01
    /// Below `gossipThreshold` no gossip to or from the peer; below `publishThreshold` no flood publishing
    /// to it; below `graylistThreshold` its RPCs are ignored. PX is accepted at `acceptPXThreshold` and above.
    public var gossipThreshold = -10.0
    public var publishThreshold = -50.0
    public var graylistThreshold = -80.0
    public var acceptPXThreshold = 10.0
    public var opportunisticGraftThreshold = 1.0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case timeInMeshWeight, firstMessageDeliveriesWeight, meshMessageDeliveriesWeight, meshMessageDeliveriesThreshold
        case meshMessageDeliveriesActivationSeconds, meshFailurePenaltyWeight, invalidMessageDeliveriesWeight
        case ipColocationFactorWeight, ipColocationFactorThreshold, behaviourPenaltyWeight, behaviourPenaltyThreshold
        case gossipThreshold, publishThreshold, graylistThreshold, acceptPXThreshold, opportunisticGraftThreshold
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var p = GossipsubScoreParameters()
        func read(_ key: CodingKeys, _ value: inout Double) throws { value = try c.decodeIfPresent(Double.self, forKey: key) ?? value }
        try read(.timeInMeshWeight, &p.timeInMeshWeight)
        try read(.firstMessageDeliveriesWeight, &p.firstMessageDeliveriesWeight)
        try read(.meshMessageDeliveriesWeight, &p.meshMessageDeliveriesWeight)
        try read(.meshMessageDeliveriesThreshold, &p.meshMessageDeliveriesThreshold)
        try read(.meshMessageDeliveriesActivationSeconds, &p.meshMessageDeliveriesActivationSeconds)
        try read(.meshFailurePenaltyWeight, &p.meshFailurePenaltyWeight)
        try read(.invalidMessageDeliveriesWeight, &p.invalidMessageDeliveriesWeight)
        try read(.ipColocationFactorWeight, &p.ipColocationFactorWeight)
        try read(.ipColocationFactorThreshold, &p.ipColocationFactorThreshold)
        try read(.behaviourPenaltyWeight, &p.behaviourPenaltyWeight)
        try read(.behaviourPenaltyThreshold, &p.behaviourPenaltyThreshold)
        try read(.gossipThreshold, &p.gossipThreshold)
        try read(.publishThreshold, &p.publishThreshold)
        try read(.graylistThreshold, &p.graylistThreshold)
        try read(.acceptPXThreshold, &p.acceptPXThreshold)
        try read(.opportunisticGraftThreshold, &p.opportunisticGraftThreshold)
        guard p.graylistThreshold <= p.publishThreshold, p.publishThreshold <= p.gossipThreshold, p.gossipThreshold <= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .gossipThreshold, in: c,
                debugDescription: "need graylist-threshold ≤ publish-threshold ≤ gossip-threshold ≤ 0")
        }
        self = p
    }
}
