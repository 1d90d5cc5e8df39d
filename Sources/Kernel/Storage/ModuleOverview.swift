// Storage: a small SQLite layer on the system libsqlite3 (ARCHITECTURE §6) — one file per concern,
// WAL mode, numbered migrations, prepared statements, typed errors. No node code: the store plugin's
// archive, the messenger's chat database and MVDS state all sit on it.
//
// Ownership: a `SQLiteDatabase` is not `Sendable`; the actor that opens it owns it and is the only
// one to touch it, so SQLite runs in its default serialized-by-owner mode without extra locking.
