/// A message delivered to the application: new to this node, handed over exactly once.
public struct SyncDelivery: Sendable, Hashable {
    public let message: SyncMessage
    /// The peer whose payload carried it.
    public let sender: SyncPeerID

    public var id: SyncMessageID { message.id }
    public var body: [UInt8] { message.body }
}

/// What `DataSyncEndpoint.receive` made of received bytes.
public enum ReceiveOutcome: Sendable, Hashable {
    /// The bytes are not MVDS (wire-facts §4.1): a bare application message. Process them as they are.
    case notMVDS
    /// An MVDS payload, processed.
    case sync(ReceiveSummary)

    /// The delivered messages (empty for `notMVDS`).
    public var delivered: [SyncDelivery] {
        if case .sync(let summary) = self { return summary.delivered }
        return []
    }
}

/// The effect of one received MVDS payload.
public struct ReceiveSummary: Sendable, Hashable {
    /// Messages new to this node, in payload order. Duplicates are ACKed but not delivered again.
    public var delivered: [SyncDelivery] = []
    /// Our messages the peer ACKed with this payload (they are now delivered to that peer).
    public var acknowledged: [SyncMessageID] = []
    /// Messages in the payload that had been delivered before.
    public var duplicates: Int = 0
    /// ACKs for ids with no pending record to this peer (already ACKed, expired, or never sent); skipped.
    public var unknownAcks: Int = 0
    /// Ids dropped for a wrong length while decoding.
    public var ignoredIDs: Int = 0
    /// Records to the peer made due at once by fast retransmission.
    public var hastened: Int = 0
}

/// A payload for one peer, ready to encrypt and send.
public struct OutgoingPayload: Sendable, Hashable {
    public let peer: SyncPeerID
    /// `payload.encoded()`.
    public let bytes: [UInt8]
    public let payload: SyncPayload
}

/// A record given up under `DeliveryLimits`: the message may not have reached the peer.
public struct ExpiredRecord: Sendable, Hashable {
    /// Which limit was reached.
    public enum Reason: Sendable, Hashable {
        case attempts(Int)
        case age(epochs: Int64)
        /// A MESSAGE record whose body is no longer stored (a store edited outside this module).
        case contentMissing
    }

    public let messageID: SyncMessageID
    public let peer: SyncPeerID
    public let kind: SyncRecord.Kind
    public let reason: Reason
}

/// What one `tick()` produced.
public struct TickOutput: Sendable, Hashable {
    /// The epoch this tick processed (the node's epoch is one higher afterwards).
    public let epoch: Int64
    /// At most one payload per peer, carrying everything due.
    public var outgoing: [OutgoingPayload] = []
    /// Records given up in this tick.
    public var expired: [ExpiredRecord] = []
}
