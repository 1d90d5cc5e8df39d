import Foundation
import Primitives
import Storage
import WakuCore
import WakuStore

/// The store's SQLite archive (wire-facts §2.10): insert rate (one commit per envelope, as the relay sink
/// does, and batched, beside raw SQLite inserting the same rows), and history-query latency for a page of
/// 100 with 1 M envelopes stored. Envelopes are built before the timed loops.
enum StoreBenchmarks {
    static func run(envelopeCount: Int = 1_000_000) async throws -> [Measurement] {
        var results: [Measurement] = []
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let archive = try EnvelopeArchive(path: directory + "/archive.sqlite")
        let topics = (0..<100).map { Topic(UInt32($0) &* 0x0101_0101 &+ 7) }
        let start: UInt32 = 1_600_000_000
        // 1 M envelopes over 30 days (one every ~2.6 s), 100 topics, 256-byte data (a padded Status message).
        func envelope(_ i: Int) -> Envelope {
            let sent = start + UInt32(i * 30 * 86_400 / envelopeCount)
            return Envelope(expiry: sent + 15, ttl: 15, topic: topics[i % topics.count], data: SecureRandom.bytes(256), nonce: UInt64(i))
        }
        var next = 0
        // Runs are a warm-up plus 5; each run takes fresh envelopes (a re-insert would be ignored).
        let single = (0..<6 * 2000).map(envelope)
        next = single.count
        var singles = single.makeIterator()
        results.append(try await measureAsync("store insert, one commit each", runs: 5, units: 2000, unit: "envelope") {
            for _ in 0..<2000 { if let one = singles.next() { try await archive.archive(one) } }
        })
        let batches = (0..<6 * 20).map { b in (0..<1000).map { envelope(next + b * 1000 + $0) } }
        next += batches.count * 1000
        var batchIterator = batches.makeIterator()
        var batched = try await measureAsync("store insert, batches of 1000", runs: 5, units: 20_000, unit: "envelope") {
            for _ in 0..<20 { if let batch = batchIterator.next() { try await archive.archive(batch) } }
        }
        let raw = try rawSQLiteReference(batches, directory: directory)
        batched.note = String(format: "%.2f× raw SQLite", batched.throughput / raw.throughput)
        results.append(batched)
        results.append(raw)
        while next < envelopeCount {
            let batch = (next..<min(next + 10_000, envelopeCount)).map(envelope)
            try await archive.archive(batch)
            next += batch.count
        }
        let stored = try await archive.count()
        var generator = SystemRandomNumberGenerator()
        results.append(try await measureAsync("history page of 100, 1 topic, \(stored / 1000)k stored", units: 200, unit: "query") {
            for _ in 0..<200 {
                let from = start + UInt32.random(in: 0..<(29 * 86_400), using: &generator)
                consume(try await archive.page(HistoryQuery(from: from, to: from + 86_400, topics: [topics[Int.random(in: 0..<100, using: &generator)]], limit: 100)))
            }
        })
        results.append(try await measureAsync("history page of 100, bloom (all), \(stored / 1000)k stored", units: 200, unit: "query") {
            for _ in 0..<200 {
                let from = start + UInt32.random(in: 0..<(29 * 86_400), using: &generator)
                consume(try await archive.page(HistoryQuery(from: from, to: from + 86_400, topics: [], bloom: .full, limit: 100)))
            }
        })
        return results
    }

    /// The reference: the same rows into the same schema through one prepared statement, 1000 per
    /// transaction, without the archive's bookkeeping (hash, encode and quota are done beforehand).
    static func rawSQLiteReference(_ batches: [[Envelope]], directory: String) throws -> Measurement {
        let database = try SQLiteDatabase(path: directory + "/raw.sqlite")
        try database.execute("""
            CREATE TABLE envelopes (
                sent INTEGER NOT NULL, hash BLOB NOT NULL, topic INTEGER NOT NULL, raw BLOB NOT NULL,
                PRIMARY KEY (sent, hash)
            ) WITHOUT ROWID;
            CREATE INDEX envelopes_by_topic ON envelopes (topic, sent, hash);
            """)
        let rows: [[[any SQLiteBindable]]] = batches.map { batch in
            batch.map { [$0.sent, $0.hash.bytes, Int64($0.topic.value), $0.encoded()] }
        }
        let insert = try database.statement("INSERT OR IGNORE INTO envelopes (sent, hash, topic, raw) VALUES (?, ?, ?, ?)")
        var iterator = rows.makeIterator()
        return try measure("raw SQLite insert, batches of 1000 (reference)", runs: 5, units: 20_000, unit: "row") {
            for _ in 0..<20 {
                guard let batch = iterator.next() else { return }
                try database.transaction { for row in batch { try insert.run(row) } }
            }
        }
    }
}
