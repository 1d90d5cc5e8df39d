import Foundation
import Kernel
import Synchronization

/// A clock tests drive by hand: `now()` moves only on `advance(by:)`, and sleepers wake when the
/// time they wait for has been reached. Share one between kernels to run a whole network in virtual
/// time; `sleepers(atLeast:)` and `advance(by:settling:)` let a test wait for timers to be parked
/// instead of sleeping for real.
public final class ManualClock: NodeClock {
    private struct Sleeper {
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }
    private struct CountWaiter {
        let count: Int
        let continuation: CheckedContinuation<Bool, Never>
    }
    private struct State {
        var now: Date
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
        var countWaiters: [UInt64: CountWaiter] = [:]
        var abandoned: Set<UInt64> = []
        /// Sleeps ever started (a task that sleeps again after waking counts again).
        var sleepsStarted = 0

        /// Removes and returns the waiters whose count is reached.
        mutating func satisfiedWaiters() -> [CheckedContinuation<Bool, Never>] {
            let ready = countWaiters.filter { $0.value.count <= sleepers.count }
            for id in ready.keys { countWaiters[id] = nil }
            return ready.values.map(\.continuation)
        }
    }
    private let state: Mutex<State>

    public init(start: Date = Date(timeIntervalSince1970: 1_600_000_000)) {
        state = Mutex(State(now: start))
    }

    public func now() -> Date { state.withLock { $0.now } }

    /// Number of tasks currently sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Number of sleeps ever started on this clock.
    public var sleepsStarted: Int { state.withLock { $0.sleepsStarted } }

    /// Moves time forward and wakes every sleeper whose deadline has been reached (earliest first).
    /// Returns at once: the woken tasks run concurrently. Use `advance(by:settling:)` to wait for them.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = state.now.addingTimeInterval(duration.seconds)
            let ready = state.sleepers.filter { $0.value.deadline <= state.now }.sorted { $0.value.deadline < $1.value.deadline }
            for (id, _) in ready { state.sleepers[id] = nil }
            return ready.map(\.value.continuation)
        }
        due.forEach { $0.resume() }
    }

    /// Advances by `duration` and then lets the woken tasks run: returns once as many tasks sleep on the
    /// clock as did before (periodic timers have parked again), or after `settling` of real time when
    /// a woken timer was a one-shot that does not sleep again. Returns whether the count came back.
    @discardableResult
    public func advance(by duration: Duration, settling: Duration) async -> Bool {
        let before = sleeperCount
        advance(by: duration)
        return await sleepers(atLeast: before, within: settling)
    }

    /// Advances in `step`s until `condition` holds, letting woken tasks settle after every step; throws
    /// `TimedOut` after `maxSteps` steps. Settling waits for timers to park again, not for work that has
    /// not reached a timer yet (a request still being sent): when a step must come after one particular
    /// timer is armed, wait for it with `waitForSleepers(_:)` and `advance(by:)` instead.
    public func advance(step: Duration, until what: String, maxSteps: Int = 1000,
                        settling: Duration = .seconds(2), _ condition: () async throws -> Bool) async throws {
        for _ in 0..<maxSteps {
            if try await condition() { return }
            await advance(by: step, settling: settling)
        }
        if try await condition() { return }
        throw TimedOut(what: "\(what) (after \(maxSteps) steps of \(step) of virtual time)")
    }

    /// Waits until at least `count` tasks sleep on this clock; `within` (real time) bounds the wait.
    /// Returns false on timeout or cancellation.
    @discardableResult
    public func sleepers(atLeast count: Int, within timeout: Duration = .seconds(10)) async -> Bool {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.waitForSleepers(count, id: id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.abandonWait(id)
                return false
            }
            let reached = await group.next() ?? false
            group.cancelAll()
            return reached
        }
    }

    /// Like `sleepers(atLeast:within:)`, but throws `TimedOut` instead of returning false.
    public func waitForSleepers(_ count: Int, within timeout: Duration = .seconds(10)) async throws {
        guard await sleepers(atLeast: count, within: timeout) else {
            throw TimedOut(what: "\(count) task(s) sleeping on the manual clock (\(sleeperCount) are)")
        }
    }

    private func waitForSleepers(_ count: Int, id: UInt64) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer = state.withLock { state -> Bool? in
                if state.abandoned.remove(id) != nil { return false }
                if state.sleepers.count >= count { return true }
                state.countWaiters[id] = CountWaiter(count: count, continuation: continuation)
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    private func abandonWait(_ id: UInt64) {
        let waiter = state.withLock { state -> CountWaiter? in
            if let waiter = state.countWaiters.removeValue(forKey: id) { return waiter }
            state.abandoned.insert(id)
            return nil
        }
        waiter?.continuation.resume(returning: false)
    }

    public func sleep(for duration: Duration) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (immediate, satisfied) = state.withLock { state -> (Bool, [CheckedContinuation<Bool, Never>]) in
                    if Task.isCancelled { return (true, []) }
                    let deadline = state.now.addingTimeInterval(duration.seconds)
                    if deadline <= state.now { return (true, []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    state.sleepsStarted += 1
                    return (false, state.satisfiedWaiters())
                }
                satisfied.forEach { $0.resume(returning: true) }
                if immediate {
                    if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
