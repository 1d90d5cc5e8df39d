extension SQLiteSecureChannelStore {
    /// Numbered migrations: entry i brings `PRAGMA user_version` from i to i + 1. Append, never edit.
    static let migrations: [String] = [
        // 1: the initial schema. Columns marked "sealed" hold ColumnCipher output.
        """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE pre_keys (
            signed_pre_key BLOB PRIMARY KEY,
            identity BLOB NOT NULL,
            installation_id TEXT NOT NULL,
            private_key BLOB,                         -- sealed; NULL for keys learnt from others' bundles
            version INTEGER NOT NULL,
            timestamp INTEGER NOT NULL,
            expired INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX pre_keys_by_installation ON pre_keys(identity, installation_id, version);
        CREATE TABLE installations (
            identity BLOB NOT NULL,
            installation_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            enabled INTEGER NOT NULL,
            timestamp INTEGER NOT NULL,
            PRIMARY KEY (identity, installation_id)
        );
        CREATE TABLE ratchet_infos (
            identity BLOB NOT NULL,
            bundle_id BLOB NOT NULL,
            installation_id TEXT NOT NULL,
            shared_key BLOB NOT NULL,                 -- sealed
            ephemeral_key BLOB,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (identity, bundle_id, installation_id)
        );
        CREATE TABLE sessions (
            id BLOB PRIMARY KEY,
            secrets BLOB NOT NULL,                    -- sealed: root ‖ send chain ‖ receive chain ‖ DHs private
            remote_ratchet_key BLOB,
            send_count INTEGER NOT NULL,
            receive_count INTEGER NOT NULL,
            previous_send_count INTEGER NOT NULL,
            keys_count INTEGER NOT NULL
        );
        CREATE TABLE skipped_keys (
            session_id BLOB NOT NULL,
            ratchet_key BLOB NOT NULL,
            n INTEGER NOT NULL,
            message_key BLOB NOT NULL,                -- sealed
            sequence INTEGER NOT NULL,
            PRIMARY KEY (session_id, ratchet_key, n)
        );
        CREATE INDEX skipped_keys_by_sequence ON skipped_keys(session_id, sequence);
        CREATE TABLE shared_secrets (
            identity BLOB NOT NULL,
            installation_id TEXT NOT NULL,
            secret BLOB NOT NULL,                     -- sealed
            PRIMARY KEY (identity, installation_id)
        );
        """,
    ]
}
