@testable import Discv5
import Foundation
import Kernel
import Primitives
import Testing
import TestKit

/// The profile's budget and the peer target: lookups per minute and bytes per minute over a sliding
/// minute of the node clock, and the discovery loop looking up only while the connection manager asks for
/// peers. Virtual time (`ManualClock`) drives the loop; its lookups go over real loopback UDP.
@Suite struct DiscoveryBudgetTests {
    let clock = ManualClock()

    @Test func lookupsPerMinuteSlideWithTheClock() {
        var budget = DiscoveryBudget(lookupsPerMinute: 3, bytesPerMinute: 1_000_000)
        let start = clock.now()
        for second in [0.0, 10, 20] {
            do { let ok = budget.allowsLookup(now: start + second, totalBytes: 0); #expect(ok) }
            budget.noteLookup(now: start + second)
        }
        do { let ok = budget.allowsLookup(now: start + 30, totalBytes: 0); #expect(!ok) }
        do { let ok = budget.allowsLookup(now: start + 59.9, totalBytes: 0); #expect(!ok) }
        // The first lookup (t = 0) leaves the window at t = 60: one slot again, not two.
        do { let ok = budget.allowsLookup(now: start + 60, totalBytes: 0); #expect(ok) }
        budget.noteLookup(now: start + 60)
        do { let ok = budget.allowsLookup(now: start + 65, totalBytes: 0); #expect(!ok) }
        do { let ok = budget.allowsLookup(now: start + 70, totalBytes: 0); #expect(ok) }
    }

    @Test func bytesPerMinuteSlideWithTheClock() {
        var budget = DiscoveryBudget(lookupsPerMinute: 100, bytesPerMinute: 5_000)
        let start = clock.now()
        do { let ok = budget.allowsLookup(now: start, totalBytes: 10_000); #expect(ok) }   // bytes before the first look are not "spent"
        budget.noteLookup(now: start)
        do { let ok = budget.allowsLookup(now: start + 10, totalBytes: 14_999); #expect(ok) }   // 4 999 B in the last minute
        do { let ok = budget.allowsLookup(now: start + 20, totalBytes: 15_000); #expect(!ok) }  // 5 000 B: the budget is used up
        do { let ok = budget.allowsLookup(now: start + 59, totalBytes: 15_000); #expect(!ok) }
        // The t = 0 mark (10 000 B) leaves the window: spent since t = 10 is 1 B.
        do { let ok = budget.allowsLookup(now: start + 61, totalBytes: 15_000); #expect(ok) }
    }

    @Test func aZeroBudgetNeverLooksUp() {
        var lookups = DiscoveryBudget(lookupsPerMinute: 0, bytesPerMinute: 1_000)
        var bytes = DiscoveryBudget(lookupsPerMinute: 10, bytesPerMinute: 0)
        do { let ok = lookups.allowsLookup(now: clock.now(), totalBytes: 0); #expect(!ok) }
        do { let ok = bytes.allowsLookup(now: clock.now(), totalBytes: 0); #expect(!ok) }
    }

    /// A bootnode and four nodes that know each other, on the system clock with patient timeouts.
    func network() async throws -> [Discv5Service] {
        var nodes: [Discv5Service] = []
        for _ in 0..<5 { nodes.append(try await SessionLoopbackTests.node()) }
        let boot = await nodes[0].localRecord
        for node in nodes.dropFirst() {
            await node.addBootnodes([boot])
            await node.lookup(node.localID)
        }
        return nodes
    }

    /// The loop under test on the manual clock; its service (real UDP) keeps the system clock for timeouts.
    func loop(_ config: Discv5Config, bootnode: NodeRecord) async throws -> (Discv5DiscoveryLoop, Discv5Service, Discv5DiscoverySource, String) {
        let service = try await SessionLoopbackTests.node()
        await service.addBootnodes([bootnode])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("discv5-loop-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let source = Discv5DiscoverySource(clock: clock)
        let database = try NodeDatabase(path: directory + "/nodes.sqlite")
        return (Discv5DiscoveryLoop(config: config, service: service, source: source, database: database, clock: clock), service, source, directory)
    }

    /// Advances one tick and waits until the loop has finished it (it sleeps again): no real-time sleeps.
    func tick(_ seconds: Int) async throws {
        let started = clock.sleepsStarted
        clock.advance(by: .seconds(seconds))
        try await eventually("the discovery loop finished its tick", timeout: .seconds(30)) { clock.sleepsStarted > started }
    }

    @Test func looksUpOnlyWhileTheManagerWantsPeers() async throws {
        let nodes = try await network()
        var config = Discv5Config()
        config.lookupsPerMinute = 6          // one tick every 10 s
        config.bytesPerMinute = 10_000_000
        config.revalidateSeconds = 86_400    // no liveness checks in the way
        let (loop, service, source, directory) = try await loop(config, bootnode: await nodes[0].localRecord)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let running = Task { await loop.run() }
        // Start-up: one re-announce lookup, then the loop sleeps.
        try await clock.waitForSleepers(1, within: .seconds(30))
        #expect(await service.lookupsStarted == 1)
        // The manager never asked (its peer target is met): a minute of ticks, no lookup.
        for _ in 0..<6 { try await tick(10) }
        #expect(await service.lookupsStarted == 1)
        // The target drops: the manager pulls (and takes what was queued); the next tick looks up.
        _ = try await source.nextPeers(limit: 8)
        try await tick(10)
        #expect(await service.lookupsStarted == 2)
        // It keeps pulling: a lookup per tick.
        for expected in 3...4 {
            _ = try await source.nextPeers(limit: 8)
            try await tick(10)
            #expect(await service.lookupsStarted == expected)
        }
        // The target is met again (no more pulls): lookups stop once the last demand is 3 ticks old.
        for _ in 0..<6 { try await tick(10) }
        let afterStop = await service.lookupsStarted
        #expect(afterStop <= 7)
        for _ in 0..<6 { try await tick(10) }
        #expect(await service.lookupsStarted == afterStop)
        // And resume when it drops again.
        _ = try await source.nextPeers(limit: 8)
        try await tick(10)
        #expect(await service.lookupsStarted == afterStop + 1)
        running.cancel()
        await running.value
        await service.stop()
        for node in nodes { await node.stop() }
    }

    @Test func theBytesBudgetHoldsLookupsBackForTheRestOfTheMinute() async throws {
        let nodes = try await network()
        var config = Discv5Config()
        config.lookupsPerMinute = 6
        config.bytesPerMinute = 200          // far below one lookup's traffic
        config.revalidateSeconds = 86_400
        let (loop, service, source, directory) = try await loop(config, bootnode: await nodes[0].localRecord)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let running = Task { await loop.run() }
        try await clock.waitForSleepers(1, within: .seconds(30))
        #expect(await service.lookupsStarted == 1)
        #expect(service.traffic.snapshot.bytesOut + service.traffic.snapshot.bytesIn > 200)
        // Peers are wanted on every tick, but the start-up lookup's bytes fill the minute's budget.
        var perTick: [Int] = []
        for _ in 0..<12 {
            _ = try await source.nextPeers(limit: 8)
            try await tick(10)
            perTick.append(await service.lookupsStarted)
        }
        // Two virtual minutes, peers wanted throughout: at most one lookup per minute gets through.
        #expect(perTick.last! - 1 <= 2, "lookups after each tick: \(perTick)")
        #expect(perTick.last! >= 2, "the budget frees up after a minute: \(perTick)")
        running.cancel()
        await running.value
        await service.stop()
        for node in nodes { await node.stop() }
    }
}
