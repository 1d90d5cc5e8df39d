import Primitives
import Storage

extension SQLiteSecureChannelStore {
    public func session(id: [UInt8]) throws -> RatchetState? {
        let rows = try Self.mapped {
            try database.statement("""
                SELECT secrets, remote_ratchet_key, send_count, receive_count, previous_send_count, keys_count
                FROM sessions WHERE id = ?
                """).rows([id]) { row in
                (row.blob(0), row.isNull(1) ? nil : row.blob(1), row.int64(2), row.int64(3), row.int64(4), row.int64(5))
            }
        }
        guard let row = rows.first else { return nil }
        let secrets = try cipher.open(row.0, column: "sessions.secrets", row: id)
        guard secrets.count == 128 else { throw corrupt("secrets are \(secrets.count) bytes, expected 128") }
        guard let localKey = try? PrivateKey(rawBytes: secrets[96..<128]) else { throw corrupt("ratchet private key is invalid") }
        if let remote = row.1, remote.count != 33 { throw corrupt("remote ratchet key is \(remote.count) bytes") }
        guard let sendCount = UInt32(exactly: row.2), let receiveCount = UInt32(exactly: row.3),
              let previous = UInt32(exactly: row.4), let keysCount = UInt64(exactly: row.5) else {
            throw corrupt("a counter is out of range")
        }
        return RatchetState(rootKey: Array(secrets[0..<32]), sending: RatchetChain(key: Array(secrets[32..<64]), count: sendCount),
                            receiving: RatchetChain(key: Array(secrets[64..<96]), count: receiveCount),
                            localRatchetKey: localKey, remoteRatchetKey: row.1, previousSendingCount: previous,
                            keysCount: keysCount)
    }

    public func saveSession(_ state: RatchetState, id: [UInt8]) throws {
        let secrets = state.rootKey + state.sending.key + state.receiving.key + state.localRatchetKey.rawBytes
        let sealed = try cipher.seal(secrets, column: "sessions.secrets", row: id)
        try Self.mapped {
            try database.statement("""
                INSERT OR REPLACE INTO sessions(id, secrets, remote_ratchet_key, send_count, receive_count, previous_send_count, keys_count)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).run([id, sealed, state.remoteRatchetKey, state.sending.count, state.receiving.count,
                          state.previousSendingCount, Int64(bitPattern: state.keysCount)])
        }
    }

    public func deleteSession(id: [UInt8]) throws {
        try Self.mapped {
            try transaction {
                try database.statement("DELETE FROM skipped_keys WHERE session_id = ?").run([id])
                try database.statement("DELETE FROM sessions WHERE id = ?").run([id])
            }
        }
    }

    private func corrupt(_ reason: String) -> SecureChannelStoreError { .corruptRow(table: "sessions", reason: reason) }
}
