/// The result of a simulation run that depends only on the scenario and its seed: the same seed
/// gives the same report, byte for byte (`json`). Host measurements (wall time, memory) are kept apart
/// in `SimHostStats`.
public struct SimReport: Codable, Sendable, Equatable {
    public struct Percentiles: Codable, Sendable, Equatable {
        public var count: Int
        public var p50: Double
        public var p95: Double
        public var p99: Double
        public var max: Double
    }
    public struct Bytes: Codable, Sendable, Equatable {
        public var bytesIn: Double
        public var bytesOut: Double
    }
    /// Per group: how its nodes fared.
    public struct Group: Codable, Sendable, Equatable {
        public var name: String
        public var profile: String
        public var discovery: String
        public var relay: String
        public var nodes: Int
        /// Mean bytes per node per simulated minute, by protocol and by discovery source.
        public var perMinuteByProtocol: [String: Bytes]
        public var perMinuteBySource: [String: Bytes]
        /// Mean bytes per node per simulated minute, all protocols.
        public var perMinuteTotal: Bytes
        /// Mean duplicate envelopes a relaying node dropped.
        public var duplicatesPerNode: Double
        /// Seconds from start until the node had its target peer count.
        public var timeToTargetPeers: Percentiles
        public var neverReachedTarget: Int
        public var deliveryRatio: Double
    }
    public struct Bucket: Codable, Sendable, Equatable {
        public var start: Double
        public var messages: Int
        public var deliveryRatio: Double
        public var onlineNodes: Int
    }
    public var scenario: String
    public var seed: UInt64
    public var nodes: Int
    public var simulatedSeconds: Double
    public var messages: Int
    /// Delivered live to subscribers online when it was sent ÷ those subscribers, over all messages.
    public var deliveryRatio: Double
    /// Worst single message.
    public var minimumMessageDeliveryRatio: Double
    /// Milliseconds from post to arrival, over every (message, receiver).
    public var latencyMilliseconds: Percentiles
    /// Sorted latencies thinned to at most 200 points (for the CDF plot).
    public var latencyCDF: [Double]
    /// Waku bytes sent by all nodes ÷ (payload × receivers).
    public var amplification: Double
    /// Fraction of the envelopes sent while a node was away that it found in history on return.
    public var storeCoverage: Double?
    public var returningNodes: Int
    public var messagesLost: Int
    public var groups: [Group]
    public var deliveryOverTime: [Bucket]
    /// Total bytes out per node (all protocols), for the histogram.
    public var bytesOutPerNode: [Double]
}

/// What the host spent on the run: not part of the reproducible report.
public struct SimHostStats: Codable, Sendable {
    public var wallSeconds: Double
    public var startupWallSeconds: Double
    public var wallSecondsPerSimulatedMinute: Double
    public var residentBytes: Double
    public var residentBytesPerNode: Double
    /// Steps after which the runner moved the clock although a receiver was still busy or an inbox was
    /// not drained (it waited `SimRunner.settleLimit` checks first). Non-zero means the run may not
    /// repeat byte for byte: the host was too loaded, or a message sat in a closed connection's inbox.
    public var settleTimeouts: Int
    /// Runner steps (instants at which something was due) and the settle checks they took.
    public var steps: Int
    public var settleChecks: Int
}
