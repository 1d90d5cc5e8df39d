import Primitives

/// One local identity's end of MVDS data sync (wire-facts §4; vacp2p/mvds v0.0.23 `node.Node`, as status-go v0.62
/// runs it): it keeps the per-(message, peer) records, builds at most one payload per peer per epoch, reads
/// the payloads peers send back, and delivers each received message exactly once.
///
/// Time is explicit: `tick()` runs one epoch and returns the payloads to encrypt and send, so tests and
/// simulations drive it step by step; `run(every:clock:onTick:)` ticks on a clock (300 ms in Status).
/// Every operation is one storage transaction, so with `.file` storage a crash between any two operations
/// loses nothing: queued ACKs, offers, requests and retransmission state all come back on reopen.
public actor DataSyncEndpoint {
    /// The local identity (pub65).
    public nonisolated let identity: SyncPeerID
    /// The local identity key, for 1:1 group ids.
    public nonisolated let identityKey: PublicKey
    public nonisolated let configuration: DataSyncConfiguration
    let store: any DataSyncStore
    /// The epoch the next `tick()` processes. Persisted.
    public internal(set) var epoch: Int64

    /// Opens (creating if needed) the state of `identity`.
    public init(identity: PublicKey, storage: DataSyncStorage = .inMemory,
                configuration: DataSyncConfiguration = DataSyncConfiguration()) throws(DataSyncError) {
        self.identityKey = identity
        self.identity = SyncPeerID(identity)
        self.configuration = configuration
        let store = try storage.open(identity: SyncPeerID(identity))
        self.store = store
        self.epoch = try store.loadEpoch()
    }

    /// Queues `body` for `peers` in `group` and returns its id. In BATCH mode the MESSAGE goes out at the next
    /// tick the schedule allows; in INTERACTIVE mode an OFFER does. The peers become members of the group.
    /// Sending the same body in the same group within the same second yields the same id (as in mvds); peers
    /// that already have a record for it keep that record.
    @discardableResult
    public func send(_ body: [UInt8], group: SyncGroupID, to peers: [SyncPeerID]) throws(DataSyncError) -> SyncMessageID {
        var recipients: [SyncPeerID] = []
        for peer in peers where !recipients.contains(peer) { recipients.append(peer) }
        guard !recipients.isEmpty else { throw .noRecipients }
        let message = SyncMessage(groupID: group, timestamp: configuration.clock(), body: body)
        let kind: SyncRecord.Kind = configuration.mode == .batch ? .message : .offer
        let due = epoch + configuration.schedule.firstSendDelay, now = epoch
        try store.transaction { () throws(DataSyncError) in
            try store.saveMessage(message)
            for peer in recipients {
                try store.addPeer(peer, to: group)
                guard try store.record(message.id, peer: peer) == nil else { continue }
                try store.saveRecord(SyncRecord(messageID: message.id, peer: peer, groupID: group, kind: kind,
                                                sendEpoch: due, createdEpoch: now))
            }
        }
        return message.id
    }

    /// Sends `body` to one contact over their 1:1 group (`SyncGroupID.oneToOne`), as status-go's
    /// `addToDataSync` does for 1:1 and private-group messages alike.
    @discardableResult
    public func send(_ body: [UInt8], toContact contact: PublicKey) throws(DataSyncError) -> SyncMessageID {
        try send(body, group: .oneToOne(identityKey, contact), to: [SyncPeerID(contact)])
    }

    /// Every pending record (offers, requests, un-ACKed messages), in send order.
    public func pendingRecords() throws(DataSyncError) -> [SyncRecord] { try store.allRecords() }

    /// True while some peer has not ACKed message `id` (and the record has not expired).
    public func isPending(_ id: SyncMessageID) throws(DataSyncError) -> Bool { try !store.records(about: id).isEmpty }

    /// The first epoch at which a tick will send something (`epoch` itself when ACKs are queued or a record is
    /// overdue); `nil` when nothing is pending. A caller may sleep until then: ticks before it send nothing.
    public func nextDueEpoch() throws(DataSyncError) -> Int64? {
        if try !store.pendingAcks().isEmpty { return epoch }
        return try store.earliestSendEpoch().map { max($0, epoch) }
    }

    /// ACKs queued for the next tick, per peer.
    public func queuedAcks() throws(DataSyncError) -> [SyncPeerID: [SyncMessageID]] {
        Dictionary(uniqueKeysWithValues: try store.pendingAcks().map { ($0.peer, $0.ids) })
    }

    /// Deletes a stored body once no record needs it any more.
    func dropMessageIfUnreferenced(_ id: SyncMessageID) throws(DataSyncError) {
        if try store.records(about: id).isEmpty { try store.deleteMessage(id) }
    }
}
