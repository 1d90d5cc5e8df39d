extension SQLiteDataSyncStore {
    /// Numbered migrations: entry i brings `PRAGMA user_version` from i to i + 1. Append, never edit.
    static let migrations: [String] = [
        // 1: the initial schema (one file per local identity).
        """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value);     -- 'identity' (pub65 blob), 'epoch' (integer)
        CREATE TABLE messages (                               -- bodies we may still have to send
            id BLOB PRIMARY KEY,
            group_id BLOB NOT NULL,
            timestamp INTEGER NOT NULL,
            body BLOB NOT NULL
        );
        CREATE TABLE group_peers (
            group_id BLOB NOT NULL,
            peer_id BLOB NOT NULL,
            PRIMARY KEY (group_id, peer_id)
        );
        CREATE TABLE records (                                -- one per (message, peer): offers, requests, messages
            message_id BLOB NOT NULL,
            peer_id BLOB NOT NULL,
            group_id BLOB,
            kind INTEGER NOT NULL,
            send_count INTEGER NOT NULL,
            send_epoch INTEGER NOT NULL,
            last_sent_epoch INTEGER,
            created_epoch INTEGER NOT NULL,
            PRIMARY KEY (message_id, peer_id)
        );
        CREATE INDEX records_by_send_epoch ON records(send_epoch);
        CREATE INDEX records_by_peer ON records(peer_id);
        CREATE TABLE received (message_id BLOB PRIMARY KEY, epoch INTEGER NOT NULL);
        CREATE INDEX received_by_epoch ON received(epoch);
        CREATE TABLE pending_acks (
            peer_id BLOB NOT NULL,
            message_id BLOB NOT NULL,
            PRIMARY KEY (peer_id, message_id)
        );
        """,
        // 2: Parley's backoff restarts when an ACK shows the peer is reachable; its exponent is kept apart from
        // the attempt count.
        """
        ALTER TABLE records ADD COLUMN backoff_level INTEGER NOT NULL DEFAULT 0;
        """,
    ]
}
