import Synchronization
/// What the `relay` plugin did with the envelopes peers sent (for status output and tests).
public actor RelayStats {
    /// Envelopes flooded onward (each counted once, however many peers got it).
    public private(set) var flooded = 0
    /// Copies sent to peers in total.
    public private(set) var copiesSent = 0
    /// Copies not sent because the peer's outbound queue was full (it reads slower than we relay).
    public private(set) var copiesDroppedForSlowPeers = 0
    /// Envelopes dropped because the same hash was relayed before.
    public private(set) var duplicates = 0
    /// Envelopes dropped because they expired before they could be relayed.
    public private(set) var expired = 0
    /// Envelopes handed to the relay and not decided yet (its queue behind the receiving sessions).
    public nonisolated let backlog = RelayBacklog()

    /// Envelopes this relay published on its pubsub topic (gossipsub and bridge modes), and the copies queued.
    public private(set) var published = 0
    public private(set) var pubsubCopiesQueued = 0
    /// Envelopes the pubsub mesh delivered to this node.
    public private(set) var pubsubDelivered = 0

    public init() {}

    func recordPublished(_ peers: Int) {
        published += 1
        pubsubCopiesQueued += peers
    }

    func recordPubsubDelivery() { pubsubDelivered += 1 }

    func record(_ outcome: Relay.Outcome) {
        switch outcome {
        case .flooded(let peers, let dropped):
            flooded += 1
            copiesSent += peers
            copiesDroppedForSlowPeers += dropped
        case .duplicate: duplicates += 1
        case .expired: expired += 1
        case .notRelayable: break
        }
    }
}

/// How many envelopes wait in the relay's queue: sessions hand envelopes over without waiting for the
/// relay, so this is the work a node still has to do after its sessions are idle (a status figure, and
/// what a simulation waits for before it moves the clock).
public final class RelayBacklog: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    /// Envelopes queued and not yet decided.
    public var value: Int { count.load(ordering: .relaxed) }

    func add() { count.add(1, ordering: .relaxed) }
    func remove() { count.subtract(1, ordering: .relaxed) }
}
