import Storage

extension SQLiteSecureChannelStore {
    public func saveSharedSecret(_ secret: [UInt8], identity: [UInt8], installationID: String) throws {
        let sealed = try cipher.seal(secret, column: "shared_secrets.secret", row: identity + Array(installationID.utf8))
        try Self.mapped {
            try database.statement("INSERT OR REPLACE INTO shared_secrets(identity, installation_id, secret) VALUES (?, ?, ?)")
                .run([identity, installationID, sealed])
        }
    }

    public func sharedSecrets(identity: [UInt8]) throws -> [String: [UInt8]] {
        let rows = try Self.mapped {
            try database.statement("SELECT installation_id, secret FROM shared_secrets WHERE identity = ?")
                .rows([identity]) { ($0.text(0), $0.blob(1)) }
        }
        var out: [String: [UInt8]] = [:]
        for (installationID, sealed) in rows {
            out[installationID] = try cipher.open(sealed, column: "shared_secrets.secret", row: identity + Array(installationID.utf8))
        }
        return out
    }
}
