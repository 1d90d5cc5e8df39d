import Storage

extension SQLiteDataSyncStore {
    private static let columns = "message_id, peer_id, group_id, kind, send_count, backoff_level, send_epoch, last_sent_epoch, created_epoch"

    func record(_ id: SyncMessageID, peer: SyncPeerID) throws(DataSyncError) -> SyncRecord? {
        try select("WHERE message_id = ? AND peer_id = ?", [id.bytes, peer.bytes]).first
    }

    func saveRecord(_ record: SyncRecord) throws(DataSyncError) {
        // ON CONFLICT … DO UPDATE keeps the rowid, so an updated record keeps its place in the send order.
        try Self.mapped {
            try database.statement("""
                INSERT INTO records(\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(message_id, peer_id) DO UPDATE SET group_id = excluded.group_id, kind = excluded.kind,
                    send_count = excluded.send_count, backoff_level = excluded.backoff_level, send_epoch = excluded.send_epoch,
                    last_sent_epoch = excluded.last_sent_epoch
                """).run([
                    record.messageID.bytes, record.peer.bytes, record.groupID?.bytes, record.kind.rawValue,
                    record.sendCount, record.backoffLevel, record.sendEpoch, record.lastSentEpoch, record.createdEpoch,
                ])
        }
    }

    func removeRecord(_ id: SyncMessageID, peer: SyncPeerID) throws(DataSyncError) -> Bool {
        try Self.mapped {
            try database.statement("DELETE FROM records WHERE message_id = ? AND peer_id = ?").run([id.bytes, peer.bytes])
            return database.changes > 0
        }
    }

    func records(dueBy epoch: Int64) throws(DataSyncError) -> [SyncRecord] { try select("WHERE send_epoch <= ?", [epoch]) }
    func records(to peer: SyncPeerID) throws(DataSyncError) -> [SyncRecord] { try select("WHERE peer_id = ?", [peer.bytes]) }
    func records(about id: SyncMessageID) throws(DataSyncError) -> [SyncRecord] { try select("WHERE message_id = ?", [id.bytes]) }
    func allRecords() throws(DataSyncError) -> [SyncRecord] { try select("", []) }

    func earliestSendEpoch() throws(DataSyncError) -> Int64? {
        try Self.mapped {
            try database.statement("SELECT MIN(send_epoch) FROM records").rows { $0.isNull(0) ? nil : $0.int64(0) }.first ?? nil
        }
    }

    private typealias Row = (id: [UInt8], peer: [UInt8], group: [UInt8]?, kind: Int, count: Int, level: Int, sendEpoch: Int64,
                             lastSent: Int64?, created: Int64)

    private func select(_ filter: String, _ values: [any SQLiteBindable]) throws(DataSyncError) -> [SyncRecord] {
        let rows: [Row] = try Self.mapped {
            try database.statement("SELECT \(Self.columns) FROM records \(filter) ORDER BY rowid").rows(values) { row in
                (row.blob(0), row.blob(1), row.isNull(2) ? nil : row.blob(2), row.int(3), row.int(4), row.int(5), row.int64(6),
                 row.isNull(7) ? nil : row.int64(7), row.int64(8))
            }
        }
        return try rows.map { row throws(DataSyncError) in
            guard let kind = SyncRecord.Kind(rawValue: row.kind) else {
                throw .corruptRow(table: "records", reason: "unknown kind \(row.kind)")
            }
            return SyncRecord(messageID: try Self.messageID(row.id, table: "records"), peer: try Self.peer(row.peer, table: "records"),
                              groupID: row.group.map { SyncGroupID(bytes: $0) }, kind: kind, sendCount: row.count,
                              backoffLevel: row.level, sendEpoch: row.sendEpoch, lastSentEpoch: row.lastSent, createdEpoch: row.created)
        }
    }
}
