/// A `DataSyncStore` in memory: for simulations and nodes that need no state across restarts. Transactions
/// snapshot the state and put it back if the body throws, so it behaves like the SQLite store.
final class InMemoryDataSyncStore: DataSyncStore {
    private struct State {
        var epoch: Int64 = 0
        var messages: [SyncMessageID: SyncMessage] = [:]
        var groups: [SyncGroupID: [SyncPeerID]] = [:]
        var records: [SyncRecord.Key: (sequence: Int, record: SyncRecord)] = [:]
        var nextSequence = 0
        var received: [SyncMessageID: Int64] = [:]
        var acks: [(peer: SyncPeerID, id: SyncMessageID)] = []
    }

    private var state = State()
    private var transactionDepth = 0

    func transaction<T>(_ body: () throws(DataSyncError) -> T) throws(DataSyncError) -> T {
        if transactionDepth > 0 { return try body() }
        let snapshot = state
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            return try body()
        } catch {
            state = snapshot
            throw error
        }
    }

    func loadEpoch() -> Int64 { state.epoch }
    func saveEpoch(_ epoch: Int64) { state.epoch = epoch }

    func saveMessage(_ message: SyncMessage) {
        if state.messages[message.id] == nil { state.messages[message.id] = message }
    }
    func message(_ id: SyncMessageID) -> SyncMessage? { state.messages[id] }
    func deleteMessage(_ id: SyncMessageID) { state.messages[id] = nil }

    func addPeer(_ peer: SyncPeerID, to group: SyncGroupID) {
        if state.groups[group]?.contains(peer) != true { state.groups[group, default: []].append(peer) }
    }
    func peers(in group: SyncGroupID) -> [SyncPeerID] { state.groups[group] ?? [] }

    func record(_ id: SyncMessageID, peer: SyncPeerID) -> SyncRecord? {
        state.records[SyncRecord.Key(messageID: id, peer: peer)]?.record
    }
    func saveRecord(_ record: SyncRecord) {
        if let existing = state.records[record.key] {
            state.records[record.key] = (existing.sequence, record)
        } else {
            state.records[record.key] = (state.nextSequence, record)
            state.nextSequence += 1
        }
    }
    func removeRecord(_ id: SyncMessageID, peer: SyncPeerID) -> Bool {
        state.records.removeValue(forKey: SyncRecord.Key(messageID: id, peer: peer)) != nil
    }
    func records(dueBy epoch: Int64) -> [SyncRecord] { ordered { $0.sendEpoch <= epoch } }
    func records(to peer: SyncPeerID) -> [SyncRecord] { ordered { $0.peer == peer } }
    func records(about id: SyncMessageID) -> [SyncRecord] { ordered { $0.messageID == id } }
    func allRecords() -> [SyncRecord] { ordered { _ in true } }
    func earliestSendEpoch() -> Int64? { state.records.values.map(\.record.sendEpoch).min() }

    func markReceived(_ id: SyncMessageID, epoch: Int64) -> Bool {
        guard state.received[id] == nil else { return false }
        state.received[id] = epoch
        return true
    }
    func hasReceived(_ id: SyncMessageID) -> Bool { state.received[id] != nil }
    func pruneReceived(before epoch: Int64) { state.received = state.received.filter { $0.value >= epoch } }

    func queueAck(_ id: SyncMessageID, to peer: SyncPeerID) {
        if !state.acks.contains(where: { $0.peer == peer && $0.id == id }) { state.acks.append((peer, id)) }
    }
    func pendingAcks() -> [(peer: SyncPeerID, ids: [SyncMessageID])] {
        var order: [SyncPeerID] = []
        var grouped: [SyncPeerID: [SyncMessageID]] = [:]
        for ack in state.acks {
            if grouped[ack.peer] == nil { order.append(ack.peer) }
            grouped[ack.peer, default: []].append(ack.id)
        }
        return order.map { ($0, grouped[$0] ?? []) }
    }
    func clearAcks() { state.acks.removeAll() }

    private func ordered(_ include: (SyncRecord) -> Bool) -> [SyncRecord] {
        state.records.values.filter { include($0.record) }.sorted { $0.sequence < $1.sequence }.map(\.record)
    }
}
