import Storage

extension SQLiteSecureChannelStore {
    public func skippedKey(session: [UInt8], slot: SkippedKeySlot) throws -> [UInt8]? {
        let stored = try Self.mapped {
            try database.statement("SELECT message_key FROM skipped_keys WHERE session_id = ? AND ratchet_key = ? AND n = ?")
                .rows([session, slot.ratchetKey, slot.n]) { $0.blob(0) }.first
        }
        guard let stored else { return nil }
        let key = try cipher.open(stored, column: "skipped_keys.message_key", row: Self.slotRow(session, slot))
        guard key.count == 32 else {
            throw SecureChannelStoreError.corruptRow(table: "skipped_keys", reason: "message key is \(key.count) bytes")
        }
        return key
    }

    public func addSkippedKeys(_ keys: [SkippedMessageKey], session: [UInt8]) throws {
        guard !keys.isEmpty else { return }
        let sealed = try keys.map { try cipher.seal($0.messageKey, column: "skipped_keys.message_key", row: Self.slotRow(session, $0.slot)) }
        try Self.mapped {
            try transaction {
                let insert = try database.statement("""
                    INSERT OR REPLACE INTO skipped_keys(session_id, ratchet_key, n, message_key, sequence) VALUES (?, ?, ?, ?, ?)
                    """)
                for (key, value) in zip(keys, sealed) {
                    try insert.run([session, key.ratchetKey, key.n, value, Int64(bitPattern: key.sequence)])
                }
            }
        }
    }

    public func deleteSkippedKey(session: [UInt8], slot: SkippedKeySlot) throws {
        try Self.mapped {
            try database.statement("DELETE FROM skipped_keys WHERE session_id = ? AND ratchet_key = ? AND n = ?")
                .run([session, slot.ratchetKey, slot.n])
        }
    }

    public func pruneSkippedKeys(session: [UInt8], keysCount: UInt64, limits: RatchetLimits) throws {
        try Self.mapped {
            try transaction {
                // Keep the newest `maxMessageKeysPerSession` (doubleratchet TruncateMks)…
                try database.statement("""
                    DELETE FROM skipped_keys WHERE rowid IN
                    (SELECT rowid FROM skipped_keys WHERE session_id = ? ORDER BY sequence DESC LIMIT -1 OFFSET ?)
                    """).run([session, max(limits.maxMessageKeysPerSession, 0)])
                // …and drop everything at or below keysCount − maxKeep (DeleteOldMks).
                if keysCount >= limits.maxKeep {
                    try database.statement("DELETE FROM skipped_keys WHERE session_id = ? AND sequence <= ?")
                        .run([session, Int64(bitPattern: keysCount - limits.maxKeep)])
                }
            }
        }
    }

    public func skippedKeyCount(session: [UInt8]) throws -> Int {
        try Self.mapped {
            try database.statement("SELECT COUNT(*) FROM skipped_keys WHERE session_id = ?").rows([session]) { $0.int(0) }.first ?? 0
        }
    }

    private static func slotRow(_ session: [UInt8], _ slot: SkippedKeySlot) -> [UInt8] {
        session + slot.ratchetKey + [UInt8(truncatingIfNeeded: slot.n >> 24), UInt8(truncatingIfNeeded: slot.n >> 16),
                                     UInt8(truncatingIfNeeded: slot.n >> 8), UInt8(truncatingIfNeeded: slot.n)]
    }
}
