@testable import Discv5
import Foundation
import Kernel
import Primitives
import Storage
import Testing
import TestKit

/// The persistent node database (SQLite in the plugin's data dir): records survive a reopen, old ones
/// expire, undecodable rows are skipped, a corrupt file is moved aside instead of stopping the node, and
/// a restarted node finds the network again from what it stored.
@Suite struct NodeDatabaseTests {
    let directory: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("discv5-db-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()
    var path: String { directory + "/nodes.sqlite" }
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func entry(seenAgo seconds: TimeInterval, udp: UInt16 = 30303) throws -> TableEntry {
        let record = try NodeRecord.build(seq: 1, ip: [127, 0, 0, 1], udp: udp, signingWith: PrivateKey.generate())
        return TableEntry(record: record, id: record.nodeID!, endpoint: Endpoint(record: record)!, lastSeen: now.addingTimeInterval(-seconds))
    }

    func rowCount() throws -> Int {
        try SQLiteDatabase(path: path).statement("SELECT COUNT(*) FROM nodes").rows { $0.int(0) }.first ?? -1
    }

    @Test func recordsAndOurOwnRecordSurviveAReopen() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let entries = [try entry(seenAgo: 300), try entry(seenAgo: 10), try entry(seenAgo: 60)]
        let ours = try NodeRecord.build(seq: 7, ip: [127, 0, 0, 1], udp: 9000, signingWith: PrivateKey.generate())
        do {
            let db = try NodeDatabase(path: path)
            #expect(db.opening == .opened)
            try db.save(entries, now: now)
            try db.saveLocalRecord(ours)
        }
        let reopened = try NodeDatabase(path: path)
        // Most recently seen first.
        #expect(try reopened.load(now: now).map(\.nodeID) == [entries[1], entries[2], entries[0]].map(\.id))
        #expect(try reopened.load(now: now, limit: 1).map(\.nodeID) == [entries[1].id])
        #expect(try reopened.localRecord() == ours)
        // Saving again refreshes rows instead of adding them.
        try reopened.save(entries, now: now)
        #expect(try rowCount() == 3)
    }

    @Test func recordsNotSeenForADayExpire() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fresh = try entry(seenAgo: 3600), stale = try entry(seenAgo: NodeDatabase.maxAge + 60)
        let db = try NodeDatabase(path: path)
        try db.save([fresh, stale], now: now)
        #expect(try db.load(now: now).map(\.nodeID) == [fresh.id])
        #expect(try rowCount() == 1)
        // A day later the fresh one has expired too (not loaded, and dropped at the next save).
        let later = now.addingTimeInterval(NodeDatabase.maxAge + 3600)
        #expect(try db.load(now: later).isEmpty)
        try db.save([], now: later)
        #expect(try rowCount() == 0)
    }

    @Test func rowsBeyondTheCapKeepTheMostRecent() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let db = try NodeDatabase(path: path)
        let key = PrivateKey.generate()
        let record = try NodeRecord.build(seq: 1, ip: [127, 0, 0, 1], udp: 1, signingWith: key)
        // Rows only need distinct ids for the cap: the same record under NodeDatabase.maxRows + 5 ids.
        let entries = (0..<(NodeDatabase.maxRows + 5)).map { i in
            TableEntry(record: record, id: withUnsafeBytes(of: UInt64(i).bigEndian, Array.init) + [UInt8](repeating: 0, count: 24),
                       endpoint: Endpoint(ip: [127, 0, 0, 1], port: 1), lastSeen: now.addingTimeInterval(Double(i)))
        }
        try db.save(entries, now: now.addingTimeInterval(10_000))
        #expect(try rowCount() == NodeDatabase.maxRows)
        let oldest = try SQLiteDatabase(path: path).statement("SELECT MIN(last_seen) FROM nodes").rows { $0.double(0) }.first
        #expect(oldest == now.addingTimeInterval(5).timeIntervalSince1970)
    }

    @Test func undecodableAndBadlySignedRowsAreSkipped() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = try entry(seenAgo: 1)
        let db = try NodeDatabase(path: path)
        try db.save([good], now: now)
        let raw = try SQLiteDatabase(path: path)
        let insert = try raw.statement("INSERT INTO nodes (id, record, last_seen) VALUES (?, ?, ?)")
        try insert.run([[UInt8](repeating: 1, count: 32), [0xc0, 0xff, 0x00], now.timeIntervalSince1970])
        var forged = good.record.rlpBytes
        forged[10] ^= 0xff   // inside the signature
        try insert.run([[UInt8](repeating: 2, count: 32), forged, now.timeIntervalSince1970])
        #expect(try db.load(now: now).map(\.nodeID) == [good.id])
    }

    @Test func aCorruptFileIsMovedAsideAndReplaced() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let garbage = [UInt8](repeating: 0x5a, count: 8192)
        FileManager.default.createFile(atPath: path, contents: Data(garbage))
        let db = try NodeDatabase(path: path)
        #expect(db.opening == .recoveredFromCorruption(movedTo: path + ".corrupt"))
        #expect(FileManager.default.contents(atPath: path + ".corrupt") == Data(garbage))
        #expect(try db.load(now: now).isEmpty)
        #expect(try db.localRecord() == nil)
        let fresh = try entry(seenAgo: 1)
        try db.save([fresh], now: now)
        #expect(try NodeDatabase(path: path).load(now: now).map(\.nodeID) == [fresh.id])
    }

    @Test func aTruncatedDatabaseCountsAsCorrupt() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let db = try NodeDatabase(path: path)
            try db.save((0..<200).map { _ in try entry(seenAgo: 1) }, now: now)
            try SQLiteDatabase(path: path).checkpoint()
        }
        // Keep the valid header page, cut the rest in half: the header opens, the pages do not read.
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.count > 8192)
        try? FileManager.default.removeItem(atPath: path + "-wal")
        try? FileManager.default.removeItem(atPath: path + "-shm")
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        let db = try NodeDatabase(path: path)
        #expect(db.opening == .recoveredFromCorruption(movedTo: path + ".corrupt"))
        #expect(try db.load(now: now).isEmpty)
    }
}

/// The plugin end to end: what it stored lets a restarted node find the network without bootnodes, and
/// an unreadable database does not stop it (its record's seq then continues from the clock).
@Suite struct NodeDatabasePluginTests {
    let harness = NodeHarness(extraFactories: [Discv5Plugin.factory()])

    func profile(_ name: String, bootnodes: [String]) throws -> Profile {
        let list = bootnodes.map { "\"\($0)\"" }.joined(separator: ", ")
        return try harness.profile(name, """
            name: \(name)
            plugins:
              memory: { name: n }
              discv5: { host: 127.0.0.1, port: 0, bootnodes: [\(list)], request-timeout-milliseconds: 3000 }
            """)
    }

    @Test func aRestartedNodeFindsTheNetworkFromItsDatabase() async throws {
        defer { harness.cleanUp() }
        let boot = try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock(), config: SessionLoopbackTests.patient)
        let first = try harness.kernel("n", registry: harness.registry())
        try await first.start(try profile("with-boot", bootnodes: [await boot.localRecord.text]))
        try await eventually("the node's start-up lookup reached the bootnode") { await boot.tableCount == 1 }
        await first.stop()
        let before = boot.traffic.snapshot.packetsIn
        // Same data dir, no bootnodes: only the stored table can lead it to the bootnode.
        let second = try harness.kernel("n", registry: harness.registry())
        try await second.start(try profile("no-boot", bootnodes: []))
        try await eventually("the restarted node contacted the stored bootnode") { boot.traffic.snapshot.packetsIn > before }
        await second.stop(); await boot.stop()
    }

    @Test func anUnreadableDatabaseDoesNotStopTheNode() async throws {
        defer { harness.cleanUp() }
        let boot = try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock(), config: SessionLoopbackTests.patient)
        let node = try harness.kernel("n", registry: harness.registry())
        let storage = harness.root + "/n/plugins/discv5"
        try FileManager.default.createDirectory(atPath: storage, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: storage + "/nodes.sqlite", contents: Data(repeating: 0x42, count: 4096))
        try await node.start(try profile("corrupt", bootnodes: [await boot.localRecord.text]))
        #expect(await node.runningPlugins.contains("discv5"))
        #expect(FileManager.default.fileExists(atPath: storage + "/nodes.sqlite.corrupt"))
        let id = node.identity.publicKey.nodeID
        try await eventually("the bootnode holds the node's record") { await boot.table.entry(id) != nil }
        // The lost seq restarts from the clock in milliseconds, above anything a count from 1 could have reached.
        #expect((await boot.table.entry(id)?.record.seq ?? 0) > 1_000_000_000_000)
        await node.stop(); await boot.stop()
    }
}
