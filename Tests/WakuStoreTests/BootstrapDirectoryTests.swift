import Foundation
import Kernel
import Primitives
import Testing
import TestKit
@testable import Bootstrap

/// The server's directory, the client's discovery source and the per-peer rate limiter, alone.
@Suite struct BootstrapDirectoryTests {
    func peer() -> (PeerID, PexPeerEntry) {
        let entry = bootstrapEntry()
        return (PeerID(entry.publicKey), entry)
    }

    @Test func answersNeverIncludeTheAskerAndRespectTheLimitAndScheme() async {
        let directory = BootstrapDirectory(capacity: 100)
        var ids: [PeerID] = []
        for _ in 0..<10 {
            let (id, entry) = peer()
            ids.append(id)
            #expect(await directory.update(id, scheme: "enode", entry: entry, session: await directory.openSession()))
        }
        let (memoryID, memoryEntry) = peer()
        await directory.update(memoryID, scheme: "memory", entry: memoryEntry, session: await directory.openSession())
        #expect(await directory.count == 11)
        for _ in 0..<20 {
            let answer = await directory.answer(limit: 64, scheme: "enode", excluding: ids[3])
            #expect(answer.count == 9)
            #expect(!answer.contains { PeerID($0.publicKey) == ids[3] })
            #expect(Set(answer.map(\.publicKey)).count == 9)
        }
        #expect(await directory.answer(limit: 4, scheme: "enode", excluding: ids[0]).count == 4)
        #expect(await directory.answer(limit: 64, scheme: "memory", excluding: ids[0]).map(\.publicKey) == [memoryEntry.publicKey])
        #expect(await directory.answer(limit: 64, scheme: "memory", excluding: memoryID).isEmpty)
        #expect(await directory.answer(limit: 0, scheme: "enode", excluding: memoryID).isEmpty)
    }

    @Test func theDirectoryIsCappedAndEntriesLeaveWithTheirSession() async {
        let directory = BootstrapDirectory(capacity: 3)
        var listed: [(PeerID, UInt64)] = []
        for _ in 0..<3 {
            let (id, entry) = peer()
            let session = await directory.openSession()
            #expect(await directory.update(id, scheme: "enode", entry: entry, session: session))
            listed.append((id, session))
        }
        let (extra, extraEntry) = peer()
        #expect(await !directory.update(extra, scheme: "enode", entry: extraEntry, session: await directory.openSession()))
        #expect(await directory.count == 3)

        // A replacement connection takes the entry over; the old session's end leaves it alone.
        let (id, oldSession) = listed[0]
        let newSession = await directory.openSession()
        let moved = PexPeerEntry(publicKey: id.bytes, host: "198.51.100.1", port: 4444)
        #expect(await directory.update(id, scheme: "enode", entry: moved, session: newSession))
        await directory.closeSession(id, session: oldSession)
        #expect(await directory.count == 3)
        #expect(await directory.addresses.contains { $0.peerID == id && $0.port == 4444 })
        await directory.closeSession(id, session: newSession)
        #expect(await directory.count == 2)
        #expect(await !directory.addresses.contains { $0.peerID == id })

        // Re-announcing port 0 unlists; the freed slot takes a newcomer.
        await directory.update(listed[1].0, scheme: "enode", entry: nil, session: listed[1].1)
        #expect(await directory.count == 1)
        #expect(await directory.update(extra, scheme: "enode", entry: extraEntry, session: await directory.openSession()))
        #expect(await directory.answer(limit: 10, scheme: "enode", excluding: extra).map { PeerID($0.publicKey) } == [listed[2].0])
    }

    @Test func theSourceDeduplicatesAndNeverReturnsItself() async throws {
        let clock = ManualClock()
        let local = PeerID(publicKey: PrivateKey.generate().publicKey)
        let source = BootstrapPeersSource(localPeer: local, clock: clock, reofferAfter: .seconds(60))
        let a = bootstrapEntry().address(scheme: "enode"), b = bootstrapEntry().address(scheme: "enode")
        let me = PeerAddress(scheme: "enode", peerID: local, host: "127.0.0.1", port: 1)
        let noID = PeerAddress(scheme: "enode", peerID: nil, host: "127.0.0.1", port: 2)
        #expect(source.learn([a, b, a, me, noID]) == 2)
        #expect(source.learn([b]) == 0)
        let first = try await source.nextPeers(limit: 1)
        #expect(first.map(\.address) == [a])
        #expect(first.first?.source == "bootstrap-peers" && first.first?.persistent == false)
        #expect(source.learn([a]) == 0)                          // returned recently
        #expect(try await source.nextPeers(limit: 10).map(\.address) == [b])
        #expect(try await source.nextPeers(limit: 10).isEmpty)
        clock.advance(by: .seconds(61))
        #expect(source.learn([a, b]) == 2)                       // named again after reofferAfter: may have dropped
        #expect(try await source.nextPeers(limit: 0).isEmpty)
        #expect(try await source.nextPeers(limit: 5).count == 2)
        #expect(source.learntCount == 4)
    }

    @Test func theSourceIsBounded() async throws {
        let source = BootstrapPeersSource(localPeer: PeerID([1]), clock: ManualClock(), capacity: 10)
        #expect(source.learn((0..<25).map { _ in bootstrapEntry().address(scheme: "enode") }) == 10)
        #expect(source.pendingCount == 10)
        _ = try await source.nextPeers(limit: 4)
        // Returned peers make room for new ones once forgotten; pending ones are never dropped.
        #expect(source.learn((0..<25).map { _ in bootstrapEntry().address(scheme: "enode") }) == 4)
        #expect(source.pendingCount == 10)
    }

    @Test func serverSessionsAreCounted() {
        let source = BootstrapPeersSource(localPeer: PeerID([1]), clock: ManualClock())
        let server = PeerID([2])
        source.setServing(server, true)
        source.setServing(server, true)      // a replacement connection overlaps the old one
        source.setServing(server, false)
        #expect(source.servers == [server])
        source.setServing(server, false)
        #expect(source.servers.isEmpty)
    }

    @Test func theRateLimiterAllowsABurstThenOnePerSecond() {
        var limiter = RequestRateLimiter(perSecond: 1)
        let start = Date(timeIntervalSince1970: 1_000)
        let offsets: [Double] = [0, 0, 0, 0.5, 1.0, 1.2, 100, 100, 100]
        let admitted = offsets.map { limiter.admit(at: start.addingTimeInterval($0)) }
        #expect(admitted == [true, true, false, false, true, false, true, true, false])
        var fast = RequestRateLimiter(perSecond: 10)
        #expect((0..<30).filter { _ in fast.admit(at: start) }.count == 20)
    }
}
