import Foundation
import Kernel
import Testing
import TestKit

/// TestKit's `ManualClock`: virtual time that wakes sleepers in deadline order and lets a test wait for
/// timers to park instead of sleeping for real.
@Suite struct ManualClockTests {
    @Test(.timeLimit(.minutes(1))) func sleepersWakeOnlyWhenTheirDeadlineIsReached() async throws {
        let clock = ManualClock()
        let start = clock.now()
        async let short: Void = clock.sleep(for: .seconds(1))
        async let long: Void = clock.sleep(for: .seconds(10))
        try await clock.waitForSleepers(2)
        clock.advance(by: .seconds(1))
        try await short
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(9))
        try await long
        #expect(clock.sleeperCount == 0)
        #expect(clock.now() == start.addingTimeInterval(10))
    }

    @Test(.timeLimit(.minutes(1))) func aCancelledSleeperLeavesAndThrows() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(60)) }
        try await clock.waitForSleepers(1)
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test(.timeLimit(.minutes(1))) func advancingSettlesUntilPeriodicTimersParkAgain() async throws {
        let clock = ManualClock()
        let ticks = Counter()
        let ticker = Task {
            while !Task.isCancelled {
                try? await clock.sleep(for: .milliseconds(300))
                await ticks.increment()
            }
        }
        try await clock.waitForSleepers(1)
        for _ in 0..<5 { #expect(await clock.advance(by: .milliseconds(300), settling: .seconds(10))) }
        #expect(await ticks.value == 5)   // one tick per epoch: none lost, none doubled
        try await clock.advance(step: .milliseconds(300), until: "ten ticks") { await ticks.value >= 10 }
        #expect(await ticks.value == 10)
        ticker.cancel()
        // Waiting for more sleepers than there are times out instead of hanging.
        #expect(await clock.sleepers(atLeast: 5, within: .milliseconds(50)) == false)
    }
}

/// A count shared with a ticking task.
actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}
