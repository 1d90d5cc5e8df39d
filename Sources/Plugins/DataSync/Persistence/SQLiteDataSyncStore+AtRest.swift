import Storage

/// Message bodies at rest: sealed with the store's `DataSyncBodySealer`, bound to their message id.
/// `meta.at_rest` records whether a file is sealed; a file written before sealing existed is sealed in
/// place the first time it is opened with a sealer (SQLite's secure_delete overwrites the old pages).
extension SQLiteDataSyncStore {
    static let sealedMode = "sealed-v1"

    func sealedBody(_ body: [UInt8], id: SyncMessageID) -> [UInt8] {
        sealer?.seal(body, binding: Self.binding(id)) ?? body
    }

    func openedBody(_ stored: [UInt8], id: SyncMessageID) throws(DataSyncError) -> [UInt8] {
        guard let sealer else { return stored }
        guard let body = sealer.open(stored, binding: Self.binding(id)) else {
            throw .corruptRow(table: "messages", reason: "the body of \(id.hex) does not open with the database key (wrong key or altered row)")
        }
        return body
    }

    static func binding(_ id: SyncMessageID) -> String { "parley.datasync.messages.body." + id.hex }

    /// Checks the file's mode against the sealer, sealing the bodies of a clear file on first use.
    func checkAtRestMode() throws(DataSyncError) {
        let stored = try Self.mapped {
            try database.statement("SELECT value FROM meta WHERE name = 'at_rest'").rows { String(decoding: $0.blob(0), as: UTF8.self) }.first
        }
        switch (stored, sealer) {
        case (Self.sealedMode?, _?), (nil, nil): return
        case (Self.sealedMode?, nil):
            throw .atRestKeyMismatch(path: database.path, reason: "its message bodies are encrypted and no database key was given")
        case (let mode?, _):
            throw .atRestKeyMismatch(path: database.path, reason: "unknown at-rest mode '\(mode)'")
        case (nil, let sealer?):
            try Self.mapped {
                try database.transaction {
                    let rows = try database.statement("SELECT id, body FROM messages").rows { ($0.blob(0), $0.blob(1)) }
                    for (rawID, body) in rows {
                        guard let id = SyncMessageID(bytes: rawID) else { continue }
                        try database.statement("UPDATE messages SET body = ? WHERE id = ?")
                            .run([sealer.seal(body, binding: Self.binding(id)), rawID])
                    }
                    try database.statement("INSERT OR REPLACE INTO meta(name, value) VALUES ('at_rest', ?)").run([Array(Self.sealedMode.utf8)])
                }
            }
            try Self.mapped { try database.checkpoint() }
        }
    }
}
