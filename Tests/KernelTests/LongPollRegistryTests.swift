import Foundation
import Kernel
import Testing

/// The long-poll registry behind streaming control methods.
@Suite struct LongPollRegistryTests {
    @Test(.timeLimit(.minutes(1))) func aPollReturnsWhatArrivedAndWaitsForTheFirstItem() async throws {
        let registry = LongPollRegistry<Int>()
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        // First poll opens the subscription and returns empty after the wait.
        #expect(try await registry.poll("a", wait: .milliseconds(50)) { stream } == [])
        continuation.yield(1)
        continuation.yield(2)
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await registry.poll("a", wait: .seconds(5)) { stream } == [1, 2])
        // A poll that waits is woken by the next item, long before its deadline.
        let started = ContinuousClock.now
        async let waited = registry.poll("a", wait: .seconds(20)) { stream }
        try await Task.sleep(for: .milliseconds(100))
        continuation.yield(3)
        #expect(try await waited == [3])
        #expect(ContinuousClock.now - started < .seconds(10))
        await registry.closeAll()
    }
}
