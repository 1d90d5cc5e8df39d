import Foundation
import Kernel
import Testing
import TestKit

/// The long-poll registry behind streaming control methods, on a manual clock: waits end when the
/// clock says so or when an item arrives, never because real time passed.
@Suite struct LongPollRegistryTests {
    @Test(.timeLimit(.minutes(1))) func aPollReturnsWhatArrivedAndWaitsForTheFirstItem() async throws {
        let clock = ManualClock()
        let registry = LongPollRegistry<Int>(clock: clock)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        // First poll opens the subscription and returns empty once its wait has passed on the clock.
        async let first = registry.poll("a", wait: .milliseconds(50)) { stream }
        try await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(50))
        #expect(try await first == [])
        // Items that arrive between polls are all returned (collected until both are in).
        continuation.yield(1)
        continuation.yield(2)
        var collected: [Int] = []
        while collected.count < 2 { collected += try await registry.poll("a", wait: .seconds(5)) { stream } }
        #expect(collected == [1, 2])
        // A poll that waits is woken by the next item: the clock never reaches its deadline.
        async let waited = registry.poll("a", wait: .seconds(20)) { stream }
        try await clock.waitForSleepers(1)
        continuation.yield(3)
        #expect(try await waited == [3])
        #expect(clock.now() == Date(timeIntervalSince1970: 1_600_000_000).addingTimeInterval(0.05))
        await registry.closeAll()
    }
}
