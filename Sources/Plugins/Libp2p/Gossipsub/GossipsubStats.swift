import Synchronization

/// Counters of one gossipsub router, readable from any thread (tests, benches, `parley ctl status`).
public final class GossipsubStats: Sendable {
    /// One consistent reading of the counters.
    public struct Snapshot: Sendable, Equatable {
        public var published = 0
        public var delivered = 0
        public var forwarded = 0
        public var duplicates = 0
        public var rejected = 0
        public var ignored = 0
        public var malformedRPCs = 0
        public var graylistedRPCs = 0
        /// Times a peer's stream was paused for going over `max-messages-per-second-per-peer`.
        public var readPauses = 0
        public var strictNoSignViolations = 0
        public var ihaveSent = 0
        public var iwantSent = 0
        public var iwantServed = 0
        public var iwantIgnored = 0
        public var graftsSent = 0
        public var graftsRefused = 0
        public var graftsDuringBackoff = 0
        public var prunesSent = 0
        public var prunesReceived = 0
        public var brokenPromises = 0
        public var rpcsSent = 0
        public var rpcsDropped = 0
        public var bytesSent = 0
        /// Peer exchange: peers offered in our PRUNEs; records received and passed to the connection
        /// manager; PX ignored (sender below acceptPXThreshold) or records that did not verify.
        public var pxOffered = 0
        public var pxAccepted = 0
        public var pxIgnored = 0
        public var pxInvalidRecords = 0
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func count(_ field: WritableKeyPath<Snapshot, Int>, _ n: Int = 1) { state.withLock { $0[keyPath: field] += n } }

    func sent(bytes: Int, queued: Bool) {
        state.withLock {
            if queued { $0.rpcsSent += 1; $0.bytesSent += bytes } else { $0.rpcsDropped += 1 }
        }
    }
}
