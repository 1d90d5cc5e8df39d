/// The state a `DataSyncEndpoint` keeps (wire-facts §4.3): its epoch, outgoing message bodies, group membership,
/// the per-(message, peer) records, the ids it has delivered and the ACKs it owes. The endpoint runs every
/// operation in one `transaction`, so a crash between operations loses nothing and leaves nothing half-done.
///
/// Two implementations: `SQLiteDataSyncStore` (one file, numbered migrations) and `InMemoryDataSyncStore`
/// (simulations, ephemeral nodes). Owned by one actor; not `Sendable`.
protocol DataSyncStore: AnyObject {
    /// Runs `body` atomically: all of its writes or none.
    func transaction<T>(_ body: () throws(DataSyncError) -> T) throws(DataSyncError) -> T

    func loadEpoch() throws(DataSyncError) -> Int64
    func saveEpoch(_ epoch: Int64) throws(DataSyncError)

    /// Stores a message body (no-op if the id is stored).
    func saveMessage(_ message: SyncMessage) throws(DataSyncError)
    func message(_ id: SyncMessageID) throws(DataSyncError) -> SyncMessage?
    func deleteMessage(_ id: SyncMessageID) throws(DataSyncError)

    func addPeer(_ peer: SyncPeerID, to group: SyncGroupID) throws(DataSyncError)
    func peers(in group: SyncGroupID) throws(DataSyncError) -> [SyncPeerID]

    func record(_ id: SyncMessageID, peer: SyncPeerID) throws(DataSyncError) -> SyncRecord?
    /// Inserts or updates the record of (messageID, peer); an update keeps the record's place in the order.
    func saveRecord(_ record: SyncRecord) throws(DataSyncError)
    /// Removes the record; `false` if there was none.
    func removeRecord(_ id: SyncMessageID, peer: SyncPeerID) throws(DataSyncError) -> Bool
    /// Records with `sendEpoch <= epoch`, in insertion order.
    func records(dueBy epoch: Int64) throws(DataSyncError) -> [SyncRecord]
    /// Records to `peer`, in insertion order.
    func records(to peer: SyncPeerID) throws(DataSyncError) -> [SyncRecord]
    /// Records about message `id`, in insertion order.
    func records(about id: SyncMessageID) throws(DataSyncError) -> [SyncRecord]
    /// Every record, in insertion order.
    func allRecords() throws(DataSyncError) -> [SyncRecord]
    /// The smallest `sendEpoch` of any record; `nil` without records.
    func earliestSendEpoch() throws(DataSyncError) -> Int64?

    /// Remembers a delivered id; `false` if it was already known.
    func markReceived(_ id: SyncMessageID, epoch: Int64) throws(DataSyncError) -> Bool
    func hasReceived(_ id: SyncMessageID) throws(DataSyncError) -> Bool
    /// Forgets ids delivered before `epoch`.
    func pruneReceived(before epoch: Int64) throws(DataSyncError)

    /// Queues an ACK of `id` to `peer` for the next tick (no-op if already queued).
    func queueAck(_ id: SyncMessageID, to peer: SyncPeerID) throws(DataSyncError)
    /// Every queued ACK, grouped per peer, in queueing order.
    func pendingAcks() throws(DataSyncError) -> [(peer: SyncPeerID, ids: [SyncMessageID])]
    func clearAcks() throws(DataSyncError)
}
