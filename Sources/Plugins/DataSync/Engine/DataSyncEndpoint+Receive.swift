extension DataSyncEndpoint {
    /// Reads bytes received from `peer` (after decryption). Bytes that are not MVDS (wire-facts §4.1 detection) come
    /// back as `.notMVDS` for the caller to process as a bare application message; nothing is stored for them.
    /// Throws only for storage faults, never for the bytes.
    ///
    /// Delivered messages are handed over once, in the return value: the id is recorded and its ACK queued in
    /// the same transaction. Store them before the next `tick()` sends that ACK if they must survive a crash.
    public func receive(_ bytes: some Collection<UInt8>, from peer: SyncPeerID) throws(DataSyncError) -> ReceiveOutcome {
        guard case .payload(let payload) = SyncPayload.detect(bytes) else { return .notMVDS }
        return .sync(try receive(payload, from: peer))
    }

    /// Processes a decoded payload from `peer` in mvds order: ACKs, REQUESTs, OFFERs, MESSAGEs.
    ///
    /// * ACK: removes the (id, peer) record. An ACK for an unknown id is counted and skipped — unlike
    ///   mvds v0.0.23, it does not abort the remaining ACKs. With fast retransmission, records to the peer sent
    ///   no later than the newest ACKed one are made due at the next tick.
    /// * REQUEST: the stored message is sent to the peer at the next tick (if the peer is in its group).
    /// * OFFER: an id we already have is ACKed (so the peer stops offering it); otherwise it is REQUESTed.
    /// * MESSAGE: ACKed (duplicates too, unless `acknowledgesDuplicates` is off), delivered if new, and offered
    ///   to the other known members of its group.
    public func receive(_ payload: SyncPayload, from peer: SyncPeerID) throws(DataSyncError) -> ReceiveSummary {
        var summary = ReceiveSummary()
        summary.ignoredIDs = payload.ignoredIDs
        try store.transaction { () throws(DataSyncError) in
            try receiveAcks(payload.acks, from: peer, into: &summary)
            try receiveRequests(payload.requests, from: peer)
            try receiveOffers(payload.offers, from: peer)
            try receiveMessages(payload.messages, from: peer, into: &summary)
        }
        return summary
    }

    private func receiveAcks(_ acks: [SyncMessageID], from peer: SyncPeerID, into summary: inout ReceiveSummary) throws(DataSyncError) {
        var newestAckedSend: Int64?
        for id in acks {
            guard let record = try store.record(id, peer: peer), try store.removeRecord(id, peer: peer) else {
                summary.unknownAcks += 1
                continue
            }
            summary.acknowledged.append(id)
            if let sent = record.lastSentEpoch { newestAckedSend = max(newestAckedSend ?? sent, sent) }
            try dropMessageIfUnreferenced(id)
        }
        guard configuration.schedule.fastRetransmit, let newestAckedSend else { return }
        for var record in try store.records(to: peer) where record.kind != .request && record.sendEpoch > epoch {
            guard let sent = record.lastSentEpoch, sent <= newestAckedSend else { continue }
            record.sendEpoch = epoch
            record.backoffLevel = 0
            try store.saveRecord(record)
            summary.hastened += 1
        }
    }

    private func receiveRequests(_ requests: [SyncMessageID], from peer: SyncPeerID) throws(DataSyncError) {
        for id in requests {
            guard let message = try store.message(id), try store.peers(in: message.groupID).contains(peer) else { continue }
            var record = try store.record(id, peer: peer)
                ?? SyncRecord(messageID: id, peer: peer, groupID: message.groupID, kind: .message, sendEpoch: epoch, createdEpoch: epoch)
            if record.kind != .message {
                record.kind = .message
                record.sendCount = 0
                record.backoffLevel = 0
            }
            record.groupID = message.groupID
            record.sendEpoch = min(record.sendEpoch, epoch)
            try store.saveRecord(record)
        }
    }

    private func receiveOffers(_ offers: [SyncMessageID], from peer: SyncPeerID) throws(DataSyncError) {
        for id in offers {
            let held = try store.hasReceived(id) ? true : try store.message(id) != nil
            if held {
                try store.queueAck(id, to: peer)
            } else if try store.record(id, peer: peer) == nil {
                try store.saveRecord(SyncRecord(messageID: id, peer: peer, groupID: nil, kind: .request,
                                                sendEpoch: epoch + configuration.schedule.firstSendDelay, createdEpoch: epoch))
            }
        }
    }

    private func receiveMessages(_ messages: [SyncMessage], from peer: SyncPeerID,
                                 into summary: inout ReceiveSummary) throws(DataSyncError) {
        for message in messages {
            let id = message.id
            for record in try store.records(about: id) where record.kind == .request {
                _ = try store.removeRecord(id, peer: record.peer)
            }
            guard try store.markReceived(id, epoch: epoch) else {
                summary.duplicates += 1
                if configuration.acknowledgesDuplicates { try store.queueAck(id, to: peer) }
                continue
            }
            summary.delivered.append(SyncDelivery(message: message, sender: peer))
            try store.queueAck(id, to: peer)
            try offerToRestOfGroup(message, receivedFrom: peer)
        }
    }

    /// mvds `onMessage`: every other known member of the group gets an OFFER record for a new message.
    private func offerToRestOfGroup(_ message: SyncMessage, receivedFrom sender: SyncPeerID) throws(DataSyncError) {
        let others = try store.peers(in: message.groupID).filter { $0 != sender && $0 != identity }
        guard !others.isEmpty else { return }
        try store.saveMessage(message)
        for peer in others where try store.record(message.id, peer: peer) == nil {
            try store.saveRecord(SyncRecord(messageID: message.id, peer: peer, groupID: message.groupID, kind: .offer,
                                            sendEpoch: epoch + configuration.schedule.firstSendDelay, createdEpoch: epoch))
        }
    }
}
