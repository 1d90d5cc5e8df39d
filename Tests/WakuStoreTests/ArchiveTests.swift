import Foundation
import Storage
import Testing
import WakuCore
@testable import WakuStore

/// The SQLite archive on real files: dedup, cursor paging, topic and bloom queries, retention, reopen.
@Suite struct ArchiveTests {
    let topicA = Topic(0xaaaa_0001), topicB = Topic(0xbbbb_0002)

    @Test func archivesOnceAndSurvivesReopening() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/archive.sqlite"
        let envelope = try storeEnvelope("kept", topic: topicA)
        do {
            let archive = try EnvelopeArchive(path: path)
            #expect(try await archive.archive(envelope))
            #expect(try await !archive.archive(envelope))  // duplicate by (sent, hash)
            #expect(try await archive.count() == 1)
        }
        let reopened = try EnvelopeArchive(path: path)
        #expect(try await reopened.contains(envelope))
        let page = try await reopened.page(HistoryQuery(from: 0, to: unixNow() + 60, topics: [topicA]))
        #expect(page.envelopes.map(\.hash) == [envelope.hash])
        #expect(page.envelopes.first?.encoded() == envelope.encoded())  // raw bytes come back unchanged
        #expect(page.cursor == nil)
    }

    @Test func pagesFollowTheCursorInSentThenHashOrder() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let archive = try EnvelopeArchive(path: directory + "/a.sqlite")
        let base = unixNow() - 1000
        var all: [Envelope] = []
        for i in 0..<25 { all.append(try storeEnvelope("m\(i)", topic: i % 5 == 0 ? topicB : topicA, sent: base + UInt32(i / 3))) }
        #expect(try await archive.archive(all) == 25)
        let expected = all.filter { $0.topic == topicA }.sorted { HistoryCursor(after: $0) < HistoryCursor(after: $1) }
        var query = HistoryQuery(from: base, to: base + 100, topics: [topicA], limit: 7)
        var fetched: [Envelope] = []
        var pages = 0
        while true {
            let page = try await archive.page(query)
            pages += 1
            #expect(page.envelopes.count <= 7)
            fetched += page.envelopes
            guard let cursor = page.cursor else { break }
            query.cursor = cursor
        }
        #expect(fetched.map(\.hash) == expected.map(\.hash))
        #expect(pages == 3)  // 20 envelopes on topic A in pages of 7
        // The time range bounds the results on both ends.
        let window = try await archive.page(HistoryQuery(from: base + 2, to: base + 3, topics: [topicA, topicB]))
        #expect(window.envelopes.allSatisfy { $0.sent >= base + 2 && $0.sent <= base + 3 })
        #expect(window.envelopes.count == all.filter { $0.sent >= base + 2 && $0.sent <= base + 3 }.count)
    }

    @Test func bloomQueriesMatchTopicsByFilter() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let archive = try EnvelopeArchive(path: directory + "/a.sqlite")
        let a = try storeEnvelope("a", topic: topicA), b = try storeEnvelope("b", topic: topicB)
        try await archive.archive([a, b])
        let page = try await archive.page(HistoryQuery(from: 0, to: unixNow() + 60, topics: [], bloom: Bloom(topic: topicB)))
        #expect(page.envelopes.map(\.hash) == [b.hash])
        let everything = try await archive.page(HistoryQuery(from: 0, to: unixNow() + 60, topics: [], bloom: .full, limit: 1))
        #expect(everything.envelopes.count == 1)
        #expect(everything.cursor != nil)
    }

    @Test func pruningRemovesOnlyOldEnvelopes() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let archive = try EnvelopeArchive(path: directory + "/a.sqlite")
        let now = unixNow()
        let old = try storeEnvelope("old", topic: topicA, sent: now - 31 * 86_400)
        let fresh = try storeEnvelope("fresh", topic: topicA, sent: now - 29 * 86_400)
        try await archive.archive([old, fresh])
        #expect(try await archive.prune(sentBefore: now - 30 * 86_400) == 1)
        #expect(try await !archive.contains(old))
        #expect(try await archive.contains(fresh))
    }

    @Test func theQuotaPrunesOldestFirstAndSurvivesReopening() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/quota.sqlite"
        let base = unixNow() - 1000
        var all: [Envelope] = []
        for i in 0..<60 { all.append(try storeEnvelope("flood \(i)", topic: topicA, sent: base + UInt32(i))) }
        let size = all[0].encoded().count
        let quota = size * 20
        do {
            let archive = try EnvelopeArchive(path: path, quotaBytes: quota)
            for envelope in all.prefix(30) { try await archive.archive(envelope) }
            try await archive.archive(Array(all.suffix(30)))                      // a batch goes over it too
            #expect(await archive.storedBytes <= quota)
            #expect(await archive.evicted == 60 - (try await archive.count()))
            #expect(try await !archive.contains(all[0]))                           // the oldest went first
            #expect(try await archive.contains(all[59]))
            let kept = try await archive.count()
            #expect(kept >= 15 && kept <= 20)
        }
        let reopened = try EnvelopeArchive(path: path, quotaBytes: quota / 2)   // a smaller quota applies on open
        #expect(await reopened.storedBytes <= quota / 2)
        #expect(try await reopened.contains(all[59]))
        let unlimited = try EnvelopeArchive(path: path)
        let stored = await unlimited.storedBytes
        #expect(stored > 0 && stored <= quota / 2)
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/broken.sqlite"
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try EnvelopeArchive(path: path)
        } throws: { error in
            guard let error = error as? SQLiteError, case .corrupt = error else { return false }
            return error.description.contains("corrupt or not a database")
        }
    }

    @Test func aMissingDirectoryIsAClearError() {
        #expect {
            _ = try EnvelopeArchive(path: "/nonexistent-parley-dir/a.sqlite")
        } throws: { error in
            guard let error = error as? SQLiteError, case .cannotOpen = error else { return false }
            return true
        }
    }
}
