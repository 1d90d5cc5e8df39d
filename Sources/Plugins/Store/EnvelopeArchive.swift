import Foundation
import Storage
import WakuCore

/// The store's archive: every relayed envelope, raw, in SQLite (one file, WAL), keyed like status-go's
/// mailserver — by `sent` then hash — with an index on (topic, sent, hash) for topic queries.
///
/// `archive` returns only after the row is committed, so an envelope the store acknowledged survives a
/// `kill -9` (WAL with synchronous=NORMAL is durable against process crashes).
public actor EnvelopeArchive {
    private let database: SQLiteDatabase
    /// Rows added since open (duplicates not counted).
    public private(set) var inserted = 0

    static let migrations = [
        """
        CREATE TABLE envelopes (
            sent INTEGER NOT NULL, hash BLOB NOT NULL, topic INTEGER NOT NULL, raw BLOB NOT NULL,
            PRIMARY KEY (sent, hash)
        ) WITHOUT ROWID;
        CREATE INDEX envelopes_by_topic ON envelopes (topic, sent, hash);
        """,
    ]

    /// Opens (creating and migrating) the archive at `path`.
    public init(path: String) throws {
        database = try SQLiteDatabase(path: path)
        try database.migrate(Self.migrations)
    }

    /// Archives one envelope; `false` if it was already there.
    @discardableResult
    public func archive(_ envelope: Envelope) throws -> Bool {
        try insert(envelope)
    }

    /// Archives a batch in one transaction; returns how many were new.
    @discardableResult
    public func archive(_ envelopes: [Envelope]) throws -> Int {
        try database.transaction { try envelopes.reduce(0) { $0 + (try insert($1) ? 1 : 0) } }
    }

    private func insert(_ envelope: Envelope) throws -> Bool {
        try database.statement("INSERT OR IGNORE INTO envelopes (sent, hash, topic, raw) VALUES (?, ?, ?, ?)")
            .run([envelope.sent, envelope.hash.bytes, Int64(envelope.topic.value), envelope.encoded()])
        let added = database.changes > 0
        if added { inserted += 1 }
        return added
    }

    /// One page of `query`: envelopes in (sent, hash) order after the cursor, at most `effectiveLimit`,
    /// with the cursor of the last one when more may follow.
    public func page(_ query: HistoryQuery) throws -> HistoryPage {
        let limit = Int(query.effectiveLimit)
        let after = query.cursor ?? HistoryCursor(sent: query.from, hash: EnvelopeHash(bytes: [UInt8](repeating: 0, count: 32))!)
        var envelopes: [Envelope] = []
        if query.topics.isEmpty {
            // Bloom queries cannot use an index on the filter: scan the time range, filter, stop at the limit.
            let statement = try database.statement("""
                SELECT raw, topic FROM envelopes WHERE sent <= ? AND (sent, hash) > (?, ?) ORDER BY sent, hash
                """)
            try statement.bind([query.to, after.sent, after.hash.bytes])
            let bloom = query.effectiveBloom
            while envelopes.count <= limit, try statement.step() {
                guard bloom.matches(topic: Topic(UInt32(truncatingIfNeeded: statement.int64(1)))) else { continue }
                if let envelope = try? Envelope(decoding: statement.blob(0)) { envelopes.append(envelope) }
            }
            try? statement.bind([])  // reset the read cursor
        } else {
            let topics = Array(Set(query.topics)).sorted()
            let placeholders = topics.map { _ in "?" }.joined(separator: ", ")
            let sql = """
                SELECT raw FROM envelopes WHERE topic IN (\(placeholders)) AND sent <= ? AND (sent, hash) > (?, ?)
                ORDER BY sent, hash LIMIT ?
                """
            let values: [any SQLiteBindable] = topics.map { Int64($0.value) } + [query.to, after.sent, after.hash.bytes, limit + 1]
            envelopes = try database.statement(sql).rows(values) { try? Envelope(decoding: $0.blob(0)) }.compactMap { $0 }
        }
        let more = envelopes.count > limit
        if more { envelopes.removeLast(envelopes.count - limit) }
        return HistoryPage(envelopes: envelopes, cursor: more ? envelopes.last.map(HistoryCursor.init(after:)) : nil)
    }

    /// Deletes envelopes sent before `cutoff` (unix seconds); returns how many.
    @discardableResult
    public func prune(sentBefore cutoff: UInt32) throws -> Int {
        try database.statement("DELETE FROM envelopes WHERE sent < ?").run([cutoff])
        return database.changes
    }

    /// Number of archived envelopes.
    public func count() throws -> Int {
        try database.statement("SELECT count(*) FROM envelopes").rows { $0.int(0) }.first ?? 0
    }

    /// Whether the envelope with `hash` (sent at `sent`) is archived.
    public func contains(_ envelope: Envelope) throws -> Bool {
        try !database.statement("SELECT 1 FROM envelopes WHERE sent = ? AND hash = ?").rows([envelope.sent, envelope.hash.bytes]) { _ in 1 }.isEmpty
    }
}
