import Storage

extension SQLiteSecureChannelStore {
    public func saveInstallation(_ installation: Installation) throws {
        try Self.mapped {
            try database.statement("""
                INSERT OR REPLACE INTO installations(identity, installation_id, version, enabled, timestamp) VALUES (?, ?, ?, ?, ?)
                """).run([installation.identity, installation.id, installation.version, installation.enabled, installation.timestamp])
        }
    }

    public func installation(identity: [UInt8], id: String) throws -> Installation? {
        try selectInstallations("WHERE identity = ? AND installation_id = ?", [identity, id]).first
    }

    public func installations(identity: [UInt8]) throws -> [Installation] {
        try selectInstallations("WHERE identity = ? ORDER BY timestamp DESC, installation_id DESC", [identity])
    }

    private func selectInstallations(_ clause: String, _ values: [any SQLiteBindable]) throws -> [Installation] {
        let rows = try Self.mapped {
            try database.statement("SELECT identity, installation_id, version, enabled, timestamp FROM installations \(clause)")
                .rows(values) { row in (row.blob(0), row.text(1), row.int64(2), row.int(3) != 0, row.int64(4)) }
        }
        return try rows.map { row in
            guard let version = UInt32(exactly: row.2) else {
                throw SecureChannelStoreError.corruptRow(table: "installations", reason: "version \(row.2) out of range")
            }
            return Installation(identity: row.0, id: row.1, version: version, enabled: row.3, timestamp: row.4)
        }
    }
}
