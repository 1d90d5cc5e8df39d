import Storage

extension SQLiteSecureChannelStore {
    public func saveRatchetInfo(_ info: RatchetInfo) throws {
        let sealed = try cipher.seal(info.sharedKey, column: "ratchet_infos.shared_key", row: Self.infoRow(info))
        try Self.mapped {
            try database.statement("""
                INSERT INTO ratchet_infos(identity, bundle_id, installation_id, shared_key, ephemeral_key, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(identity, bundle_id, installation_id)
                DO UPDATE SET shared_key = excluded.shared_key, ephemeral_key = excluded.ephemeral_key, created_at = excluded.created_at
                """).run([info.identity, info.bundleID, info.installationID, sealed, info.ephemeralKey, info.createdAt])
        }
    }

    public func ratchetInfo(identity: [UInt8], bundleID: [UInt8], installationID: String) throws -> RatchetInfo? {
        try selectInfos("WHERE identity = ? AND bundle_id = ? AND installation_id = ?", [identity, bundleID, installationID]).first
    }

    public func ratchetInfos(identity: [UInt8], installationID: String) throws -> [RatchetInfo] {
        try selectInfos("WHERE identity = ? AND installation_id = ? ORDER BY created_at DESC, rowid DESC", [identity, installationID])
    }

    private static func infoRow(_ info: RatchetInfo) -> [UInt8] { info.identity + info.bundleID + Array(info.installationID.utf8) }

    private func selectInfos(_ clause: String, _ values: [any SQLiteBindable]) throws -> [RatchetInfo] {
        let rows = try Self.mapped {
            try database.statement("""
                SELECT identity, bundle_id, installation_id, shared_key, ephemeral_key, created_at FROM ratchet_infos \(clause)
                """).rows(values) { row in
                (row.blob(0), row.blob(1), row.text(2), row.blob(3), row.isNull(4) ? nil : row.blob(4), row.int64(5))
            }
        }
        return try rows.map { row in
            let partial = RatchetInfo(identity: row.0, bundleID: row.1, installationID: row.2, sharedKey: [],
                                      ephemeralKey: row.4, createdAt: row.5)
            let sharedKey = try cipher.open(row.3, column: "ratchet_infos.shared_key", row: Self.infoRow(partial))
            guard sharedKey.count == 32 else {
                throw SecureChannelStoreError.corruptRow(table: "ratchet_infos", reason: "shared key is \(sharedKey.count) bytes")
            }
            return RatchetInfo(identity: row.0, bundleID: row.1, installationID: row.2, sharedKey: sharedKey,
                               ephemeralKey: row.4, createdAt: row.5)
        }
    }
}
