import Foundation
import Storage
import Testing
@testable import DataSync

@Suite("SQLite persistence: close and reopen between any two operations, identity check, migrations")
struct PersistenceTests {
    /// One operation of a scripted, seeded exchange between Alice and Bob over a 30 % lossy link.
    struct Transcript: Equatable, CustomStringConvertible {
        var payloads: [[UInt8]] = []
        var delivered: [SyncMessageID] = []
        var acknowledged: [SyncMessageID] = []

        var description: String {
            "\(payloads.count) payloads (\(payloads.reduce(0) { $0 + $1.count }) bytes), delivered \(delivered), acknowledged \(acknowledged)"
        }
    }

    /// Runs the exchange; `reopen(name)` returns the endpoint to use for each operation.
    static func exchange(mode: DataSyncMode, open: (String) throws -> DataSyncEndpoint) async throws -> Transcript {
        var transcript = Transcript()
        var link = LossyLink(lossRate: 0.3, seed: 99)
        for step in 0..<200 {
            if step < 5 {
                _ = try await open("alice").send(Array(text: "message \(step)"), toContact: Keys.bob.publicKey)
            }
            let out = try await open("alice").tick()
            for payload in out.outgoing {
                transcript.payloads.append(payload.bytes)
                guard link.delivers() else { continue }
                transcript.delivered += try await open("bob").receive(payload.bytes, from: Keys.alice.publicKey.syncPeer).delivered.map(\.id)
            }
            for payload in try await open("bob").tick().outgoing {
                transcript.payloads.append(payload.bytes)
                guard link.delivers() else { continue }
                if case .sync(let summary) = try await open("alice").receive(payload.bytes, from: Keys.bob.publicKey.syncPeer) {
                    transcript.acknowledged += summary.acknowledged
                }
            }
            if step >= 5, try await open("alice").pendingRecords().isEmpty, try await open("bob").pendingRecords().isEmpty { break }
        }
        return transcript
    }

    @Test("reopening both files between every operation gives byte-for-byte the same exchange", arguments: DataSyncMode.allCases)
    func crashBetweenOperations(mode: DataSyncMode) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let configuration = DataSyncConfiguration(mode: mode, clock: fixedClock)
        let keys = ["alice": Keys.alice, "bob": Keys.bob]

        // Reference: endpoints kept open for the whole run.
        var kept: [String: DataSyncEndpoint] = [:]
        let reference = try await Self.exchange(mode: mode) { name in
            if let node = kept[name] { return node }
            let node = try endpoint(try #require(keys[name]), storage: .file(path: directory.path("kept-\(name).sqlite")), configuration)
            kept[name] = node
            return node
        }
        // Crashing: a fresh endpoint (a fresh SQLite connection) for every single operation; the previous one is gone.
        let crashing = try await Self.exchange(mode: mode) { name in
            try endpoint(try #require(keys[name]), storage: .file(path: directory.path("crash-\(name).sqlite")), configuration)
        }
        #expect(crashing == reference)
        #expect(Set(reference.delivered).count == 5 && reference.delivered.count == 5)     // exactly once
        #expect(Set(reference.acknowledged) == Set(reference.delivered))
        // The loss made Alice retransmit: more OFFER and MESSAGE copies went out than a lossless run sends.
        let copies = reference.payloads.reduce(0) { count, bytes in
            guard case .payload(let payload) = SyncPayload.detect(bytes) else { return count }
            return count + payload.offers.count + payload.messages.count
        }
        #expect(copies > (mode == .batch ? 5 : 10))
        // And the in-memory store behaves the same as SQLite.
        var memory: [String: DataSyncEndpoint] = [:]
        let inMemory = try await Self.exchange(mode: mode) { name in
            if let node = memory[name] { return node }
            let node = try endpoint(try #require(keys[name]), configuration)
            memory[name] = node
            return node
        }
        #expect(inMemory == reference)
    }

    @Test("queued ACKs, retransmission state and the epoch survive a reopen")
    func stateSurvives() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let alicePath = directory.path("alice.sqlite"), bobPath = directory.path("bob.sqlite")
        var id: SyncMessageID
        do {
            let alice = try endpoint(Keys.alice, storage: .file(path: alicePath))
            let bob = try endpoint(Keys.bob, storage: .file(path: bobPath))
            id = try await alice.send(Array(text: "persist me"), toContact: Keys.bob.publicKey)
            for _ in 0..<3 { _ = try await alice.tick() }           // sent at 0, 1; next due 3
            _ = try await bob.receive(SyncPayload(messages: [SyncMessage(groupID: .oneToOne(Keys.alice.publicKey, Keys.bob.publicKey),
                                                                         timestamp: 1_600_000_000, body: Array(text: "persist me"))]).encoded(),
                                      from: Keys.alice.publicKey.syncPeer)
        }
        let alice = try endpoint(Keys.alice, storage: .file(path: alicePath))
        let bob = try endpoint(Keys.bob, storage: .file(path: bobPath))
        #expect(await alice.epoch == 3)
        let record = try #require(try await alice.pendingRecords().first)
        #expect(record.messageID == id && record.sendCount == 2 && record.sendEpoch == 3 && record.lastSentEpoch == 1)
        #expect(try await bob.queuedAcks()[Keys.alice.publicKey.syncPeer] == [id])
        // The dedup memory survived too: the retransmission is not delivered twice.
        let retry = try await alice.tick()
        #expect(retry.outgoing.first?.payload.messages.map(\.id) == [id])
        #expect(try await deliver(retry, from: alice, to: bob).first?.delivered.isEmpty == true)
        #expect(try await bob.tick().outgoing.first?.payload.acks == [id])
    }

    @Test("a file opened with another identity is refused")
    func identityMismatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("state.sqlite")
        _ = try endpoint(Keys.alice, storage: .file(path: path))
        #expect(throws: DataSyncError.identityMismatch(path: path)) { try endpoint(Keys.bob, storage: .file(path: path)) }
        _ = try endpoint(Keys.alice, storage: .file(path: path))
    }

    @Test("migrations: a new file is at the last version; a file from a newer version is refused")
    func migrations() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("state.sqlite")
        _ = try endpoint(Keys.alice, storage: .file(path: path))
        let supported = SQLiteDataSyncStore.migrations.count
        do {
            let database = try SQLiteDatabase(path: path)
            #expect(try database.statement("PRAGMA user_version").rows { $0.int(0) } == [supported])
            try database.execute("PRAGMA user_version = 99")
        }
        #expect(throws: DataSyncError.storage(.schemaTooNew(path: path, found: 99, supported: supported))) {
            try endpoint(Keys.alice, storage: .file(path: path))
        }
    }

    @Test("a version-1 file (before backoff_level) is upgraded in place and its pending record still goes out")
    func upgradeFromVersion1() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("v1.sqlite")
        let message = SyncMessage(groupID: .oneToOne(Keys.alice.publicKey, Keys.bob.publicKey), timestamp: 1, body: [7])
        do {
            let database = try SQLiteDatabase(path: path)
            try database.migrate(Array(SQLiteDataSyncStore.migrations.prefix(1)))
            try database.statement("INSERT INTO meta(name, value) VALUES ('identity', ?)").run([Keys.alice.publicKey.uncompressed])
            try database.statement("INSERT INTO meta(name, value) VALUES ('epoch', 5)").run()
            try database.statement("INSERT INTO messages(id, group_id, timestamp, body) VALUES (?, ?, 1, ?)")
                .run([message.id.bytes, message.groupID.bytes, message.body])
            try database.statement("""
                INSERT INTO records(message_id, peer_id, group_id, kind, send_count, send_epoch, last_sent_epoch, created_epoch)
                VALUES (?, ?, ?, 2, 3, 5, 4, 0)
                """).run([message.id.bytes, Keys.bob.publicKey.uncompressed, message.groupID.bytes])
        }
        let alice = try endpoint(Keys.alice, storage: .file(path: path))
        let record = try #require(try await alice.pendingRecords().first)
        #expect(record.sendCount == 3 && record.backoffLevel == 0 && record.sendEpoch == 5)
        #expect(try await alice.tick().outgoing.first?.payload.messages == [message])
    }

    @Test("a corrupt row is a typed error naming the table")
    func corruptRow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("state.sqlite")
        do {
            let alice = try endpoint(Keys.alice, storage: .file(path: path))
            _ = try await alice.send([1], toContact: Keys.bob.publicKey)
        }
        do {
            let database = try SQLiteDatabase(path: path)
            try database.execute("UPDATE records SET peer_id = x'0102'")
        }
        let alice = try endpoint(Keys.alice, storage: .file(path: path))
        await #expect(throws: DataSyncError.corruptRow(table: "records", reason: "peer id of 2 bytes")) { try await alice.tick() }
        #expect(await alice.epoch == 0)   // the failed tick changed nothing
    }
}
