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
    /// Most envelope bytes kept (raw envelope encodings, without SQLite's overhead); nil = no quota.
    public let quotaBytes: Int?
    /// Raw envelope bytes stored now.
    public private(set) var storedBytes = 0
    /// Envelopes removed by the quota since open.
    public private(set) var evicted = 0

    static let migrations = [
        """
        CREATE TABLE envelopes (
            sent INTEGER NOT NULL, hash BLOB NOT NULL, topic INTEGER NOT NULL, raw BLOB NOT NULL,
            PRIMARY KEY (sent, hash)
        ) WITHOUT ROWID;
        CREATE INDEX envelopes_by_topic ON envelopes (topic, sent, hash);
        """,
    ]

    /// Opens (creating and migrating) the archive at `path`. With `quotaBytes`, the oldest envelopes
    /// (by sent time) are removed whenever the stored envelopes exceed it, down to 90 % of it.
    public init(path: String, quotaBytes: Int? = nil) throws {
        database = try SQLiteDatabase(path: path)
        try database.migrate(Self.migrations)
        self.quotaBytes = quotaBytes
        let stored = try database.statement("SELECT total(length(raw)) FROM envelopes").rows { Int($0.int64(0)) }.first ?? 0
        (storedBytes, evicted) = try Self.evictOldest(database, stored: stored, quota: quotaBytes)
    }

    /// Archives one envelope; `false` if it was already there.
    @discardableResult
    public func archive(_ envelope: Envelope) throws -> Bool {
        let added = try insert(envelope)
        try enforceQuota()
        return added
    }

    /// Archives a batch in one transaction; returns how many were new.
    @discardableResult
    public func archive(_ envelopes: [Envelope]) throws -> Int {
        let added = try database.transaction { try envelopes.reduce(0) { $0 + (try insert($1) ? 1 : 0) } }
        try enforceQuota()
        return added
    }

    private func insert(_ envelope: Envelope) throws -> Bool {
        let raw = envelope.encoded()
        try database.statement("INSERT OR IGNORE INTO envelopes (sent, hash, topic, raw) VALUES (?, ?, ?, ?)")
            .run([envelope.sent, envelope.hash.bytes, Int64(envelope.topic.value), raw])
        let added = database.changes > 0
        if added {
            inserted += 1
            storedBytes += raw.count
        }
        return added
    }

    private func enforceQuota() throws {
        let (stored, removed) = try Self.evictOldest(database, stored: storedBytes, quota: quotaBytes)
        storedBytes = stored
        evicted += removed
    }

    /// Over `quota`, deletes the oldest envelopes (sent, then hash order) in batches until 90 % of it is
    /// left; returns the bytes still stored and how many envelopes went.
    private static func evictOldest(_ database: SQLiteDatabase, stored: Int, quota: Int?) throws -> (stored: Int, evicted: Int) {
        guard let quota, stored > quota else { return (stored, 0) }
        let target = quota / 10 * 9
        let statement = try database.statement("""
            DELETE FROM envelopes WHERE (sent, hash) IN (SELECT sent, hash FROM envelopes ORDER BY sent, hash LIMIT ?)
            RETURNING length(raw)
            """)
        let rows = try database.statement("SELECT count(*) FROM envelopes").rows { $0.int(0) }.first ?? 0
        let averageSize = max(1, stored / max(1, rows))
        var stored = stored, evicted = 0
        while stored > target {
            let batch = min(1024, (stored - target + averageSize - 1) / averageSize)
            let freed = try statement.rows([max(1, batch)]) { $0.int(0) }
            guard !freed.isEmpty else { return (0, evicted) }
            stored -= freed.reduce(0, +)
            evicted += freed.count
        }
        return (stored, evicted)
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
                SELECT raw, topic, hash FROM envelopes WHERE sent <= ? AND (sent, hash) > (?, ?) ORDER BY sent, hash
                """)
            try statement.bind([query.to, after.sent, after.hash.bytes])
            let bloom = query.effectiveBloom
            while envelopes.count <= limit, try statement.step() {
                guard bloom.matches(topic: Topic(UInt32(truncatingIfNeeded: statement.int64(1)))) else { continue }
                if let envelope = Self.stored(raw: statement.blob(0), hash: statement.blob(2)) { envelopes.append(envelope) }
            }
            _ = try? statement.bind([])  // reset the read cursor
        } else {
            let topics = Array(Set(query.topics)).sorted()
            let placeholders = topics.map { _ in "?" }.joined(separator: ", ")
            let sql = """
                SELECT raw, hash FROM envelopes WHERE topic IN (\(placeholders)) AND sent <= ? AND (sent, hash) > (?, ?)
                ORDER BY sent, hash LIMIT ?
                """
            let values: [any SQLiteBindable] = topics.map { Int64($0.value) } + [query.to, after.sent, after.hash.bytes, limit + 1]
            envelopes = try database.statement(sql).rows(values) { Self.stored(raw: $0.blob(0), hash: $0.blob(1)) }.compactMap { $0 }
        }
        let more = envelopes.count > limit
        if more { envelopes.removeLast(envelopes.count - limit) }
        return HistoryPage(envelopes: envelopes, cursor: more ? envelopes.last.map(HistoryCursor.init(after:)) : nil)
    }

    /// An archived envelope with the hash stored beside it (hashed once, when archived); nil for a row
    /// that does not decode (never served).
    static func stored(raw: [UInt8], hash: [UInt8]) -> Envelope? {
        guard let hash = EnvelopeHash(bytes: hash) else { return nil }
        return try? Envelope(decodingStored: raw, storedHash: hash)
    }

    /// Deletes envelopes sent before `cutoff` (unix seconds); returns how many.
    @discardableResult
    public func prune(sentBefore cutoff: UInt32) throws -> Int {
        let freed = try database.statement("DELETE FROM envelopes WHERE sent < ? RETURNING length(raw)").rows([cutoff]) { $0.int(0) }
        storedBytes -= freed.reduce(0, +)
        return freed.count
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
