import Storage

/// The SQLite `SecureChannelStore`: one file, numbered migrations, WAL, every multi-row change in a transaction,
/// and secret columns (private pre-keys, X3DH secrets, ratchet keys, skipped message keys, shared secrets)
/// sealed with ChaCha20-Poly1305 when a 32-byte database key is given.
///
/// Owned by one actor; not `Sendable`. Opening with the wrong key, or without the key of an encrypted file,
/// fails with a typed error instead of returning garbage.
public final class SQLiteSecureChannelStore: SecureChannelStore {
    let database: SQLiteDatabase
    let cipher: ColumnCipher
    private var transactionDepth = 0

    /// The constant sealed into `meta.key_check` to recognise the right key on open.
    private static let keyCheck = Array("parley secure channel key check v1".utf8)

    /// Opens (creating and migrating if needed) the store at `path`.
    /// - Parameter databaseKey: 32 bytes to encrypt secret columns, or `nil` to keep them in clear. A file
    ///   remembers which: it must always be opened the same way.
    public init(path: String, databaseKey: [UInt8]? = nil,
                durability: SQLiteDatabase.Durability = .normal) throws(SecureChannelStoreError) {
        cipher = try ColumnCipher(databaseKey: databaseKey)
        do { database = try SQLiteDatabase(path: path, durability: durability) } catch { throw .sqlite(error) }
        try Self.mapped { try database.migrate(Self.migrations) }
        try checkDatabaseKey()
    }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 { return try body() }
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            return try database.transaction(body)
        } catch let error as SQLiteError {
            throw SecureChannelStoreError.sqlite(error)
        }
    }

    /// Runs SQLite work, reporting its errors as `SecureChannelStoreError`.
    static func mapped<T>(_ body: () throws -> T) throws(SecureChannelStoreError) -> T {
        do {
            return try body()
        } catch let error as SecureChannelStoreError {
            throw error
        } catch let error as SQLiteError {
            throw .sqlite(error)
        } catch {
            throw .corruptRow(table: "unknown", reason: "\(error)")
        }
    }

    private func checkDatabaseKey() throws(SecureChannelStoreError) {
        let path = database.path
        let mode = try Self.mapped { try metaValue("at_rest") }
        guard let mode else {
            let sealed = try cipher.seal(Self.keyCheck, column: "meta.key_check", row: [])
            try Self.mapped {
                try transaction {
                    try database.statement("INSERT OR REPLACE INTO meta(name, value) VALUES ('at_rest', ?)")
                        .run([Array((cipher.isEncrypting ? "chacha20poly1305" : "none").utf8)])
                    try database.statement("INSERT OR REPLACE INTO meta(name, value) VALUES ('key_check', ?)").run([sealed])
                }
            }
            return
        }
        if mode == Array("none".utf8) {
            if cipher.isEncrypting { throw .databaseNotEncrypted(path: path) }
            return
        }
        guard cipher.isEncrypting else { throw .databaseKeyRequired(path: path) }
        guard let stored = try Self.mapped({ try metaValue("key_check") }),
              let opened = try? cipher.open(stored, column: "meta.key_check", row: []), opened == Self.keyCheck else {
            throw .wrongDatabaseKey(path: path)
        }
    }

    private func metaValue(_ name: String) throws -> [UInt8]? {
        try database.statement("SELECT value FROM meta WHERE name = ?").rows([name]) { $0.blob(0) }.first
    }
}
