import Primitives
import Storage

extension SQLiteSecureChannelStore {
    public func savePreKey(_ key: StoredPreKey) throws {
        let sealed = try key.privateKey.map { try cipher.seal($0.rawBytes, column: "pre_keys.private_key", row: key.signedPreKey) }
        try Self.mapped {
            try database.statement("""
                INSERT OR REPLACE INTO pre_keys(signed_pre_key, identity, installation_id, private_key, version, timestamp, expired)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).run([key.signedPreKey, key.identity, key.installationID, sealed, key.version, key.timestamp, key.expired])
        }
    }

    public func preKey(signedPreKey: [UInt8]) throws -> StoredPreKey? {
        try selectPreKeys("WHERE signed_pre_key = ?", [signedPreKey]).first
    }

    public func preKeys(identity: [UInt8], installationID: String) throws -> [StoredPreKey] {
        try selectPreKeys("WHERE identity = ? AND installation_id = ? ORDER BY version DESC", [identity, installationID])
    }

    private typealias PreKeyRow = (spk: [UInt8], identity: [UInt8], installation: String, sealed: [UInt8]?,
                                   version: Int64, timestamp: Int64, expired: Bool)

    private func selectPreKeys(_ clause: String, _ values: [any SQLiteBindable]) throws -> [StoredPreKey] {
        let rows: [PreKeyRow] = try Self.mapped {
            try database.statement("""
                SELECT signed_pre_key, identity, installation_id, private_key, version, timestamp, expired FROM pre_keys \(clause)
                """).rows(values) { row in
                (row.blob(0), row.blob(1), row.text(2), row.isNull(3) ? nil : row.blob(3), row.int64(4), row.int64(5),
                 row.int(6) != 0)
            }
        }
        return try rows.map { row in
            var privateKey: PrivateKey?
            if let sealed = row.sealed {
                let raw = try cipher.open(sealed, column: "pre_keys.private_key", row: row.spk)
                guard let key = try? PrivateKey(rawBytes: raw) else {
                    throw SecureChannelStoreError.corruptRow(table: "pre_keys", reason: "private key is not a secp256k1 scalar")
                }
                privateKey = key
            }
            guard let version = UInt32(exactly: row.version) else {
                throw SecureChannelStoreError.corruptRow(table: "pre_keys", reason: "version \(row.version) out of range")
            }
            return StoredPreKey(identity: row.identity, installationID: row.installation, signedPreKey: row.spk,
                                privateKey: privateKey, version: version, timestamp: row.timestamp, expired: row.expired)
        }
    }
}
