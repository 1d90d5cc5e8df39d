extension DataSyncEndpoint {
    /// Runs one epoch: sends every record that is due (expiring those past `DeliveryLimits`), adds the
    /// queued ACKs, and returns at most one payload per peer — in the order peers first appear — for the
    /// caller to encrypt and send. The epoch counter then advances (persisted in the same transaction).
    public func tick() throws(DataSyncError) -> TickOutput {
        let current = epoch
        var output = TickOutput(epoch: current)
        var batch = OutgoingBatch()

        try store.transaction { () throws(DataSyncError) in
            try send(try store.records(dueBy: current), at: current, into: &batch, output: &output)
            for (peer, ids) in try store.pendingAcks() { batch.add(to: peer) { $0.acks.append(contentsOf: ids) } }
            try store.clearAcks()
            if let retention = configuration.receivedRetentionEpochs, current % 1_000 == 0, current > retention {
                try store.pruneReceived(before: current - retention)
            }
            try store.saveEpoch(current + 1)
        }
        epoch = current + 1
        output.outgoing = batch.outgoing
        return output
    }

    /// Sends the records about `id` that are due now, without waiting for the next tick: a new message
    /// leaves at once and its retransmissions follow the schedule as if this epoch's tick had sent it
    /// (the tick will not send it again). ACKs stay batched for the tick. Returns the payloads to send.
    public func sendNow(_ id: SyncMessageID) throws(DataSyncError) -> TickOutput {
        var output = TickOutput(epoch: epoch)
        var batch = OutgoingBatch()
        let current = epoch
        try store.transaction { () throws(DataSyncError) in
            try send(try store.records(about: id).filter { $0.sendEpoch <= current }, at: current, into: &batch, output: &output)
        }
        output.outgoing = batch.outgoing
        return output
    }

    /// Puts each record's content in `batch` (or expires it under `DeliveryLimits`) and schedules its
    /// next transmission; the caller holds the store's transaction.
    private func send(_ records: [SyncRecord], at current: Int64, into batch: inout OutgoingBatch,
                      output: inout TickOutput) throws(DataSyncError) {
        for var record in records {
            if let reason = expiry(of: record, at: current) {
                try expire(record, reason, into: &output)
                continue
            }
            switch record.kind {
            case .offer: batch.add(to: record.peer) { $0.offers.append(record.messageID) }
            case .request: batch.add(to: record.peer) { $0.requests.append(record.messageID) }
            case .message:
                guard let message = try store.message(record.messageID) else {
                    try expire(record, .contentMissing, into: &output)
                    continue
                }
                batch.add(to: record.peer) { $0.messages.append(message) }
            }
            record.sendCount += 1
            record.backoffLevel += 1
            record.sendEpoch = configuration.schedule.nextSendEpoch(after: record, epoch: current)
            record.lastSentEpoch = current
            try store.saveRecord(record)
        }
    }

    /// Moves the epoch forward to `target` as if empty ticks had run, for simulations that skip idle time.
    /// Only valid when `nextDueEpoch()` is `nil` or not before `target`.
    func skipIdleEpochs(to target: Int64) throws(DataSyncError) {
        guard target > epoch else { return }
        try store.transaction { () throws(DataSyncError) in
            if let retention = configuration.receivedRetentionEpochs, target > retention {
                try store.pruneReceived(before: target - retention)
            }
            try store.saveEpoch(target)
        }
        epoch = target
    }

    private func expiry(of record: SyncRecord, at epoch: Int64) -> ExpiredRecord.Reason? {
        let limits = configuration.limits
        if let maxAttempts = limits.maxAttempts, record.sendCount >= maxAttempts { return .attempts(record.sendCount) }
        if let maxAge = limits.maxAgeEpochs, epoch - record.createdEpoch >= maxAge { return .age(epochs: epoch - record.createdEpoch) }
        return nil
    }

    private func expire(_ record: SyncRecord, _ reason: ExpiredRecord.Reason, into output: inout TickOutput) throws(DataSyncError) {
        _ = try store.removeRecord(record.messageID, peer: record.peer)
        try dropMessageIfUnreferenced(record.messageID)
        output.expired.append(ExpiredRecord(messageID: record.messageID, peer: record.peer, kind: record.kind, reason: reason))
    }
}

/// The payloads of one tick, one per peer, in the order the peers first appear.
private struct OutgoingBatch {
    private var order: [SyncPeerID] = []
    private var payloads: [SyncPeerID: SyncPayload] = [:]

    mutating func add(to peer: SyncPeerID, _ change: (inout SyncPayload) -> Void) {
        if payloads[peer] == nil { order.append(peer) }
        change(&payloads[peer, default: SyncPayload()])
    }

    var outgoing: [OutgoingPayload] {
        order.compactMap { peer in payloads[peer].map { OutgoingPayload(peer: peer, bytes: $0.encoded(), payload: $0) } }
    }
}
