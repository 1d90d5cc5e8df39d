import Synchronization

/// A one-shot "the connection ended" signal whose `wait()` also returns when the waiting task is
/// cancelled. In-plugin services (gossipsub) wait on it inside the connection's task group, which
/// cancels them when the connection fails; `DisconnectLatch.wait()` would not return then.
final class ClosureSignal: Sendable {
    private struct State {
        var fired = false
        var next: UInt64 = 0
        var waiters: [UInt64: AsyncStream<Void>.Continuation] = [:]
    }
    private let state = Mutex(State())

    /// Returns once fired (at once if it already has) or when the calling task is cancelled.
    func wait() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let id = state.withLock { state -> UInt64? in
            guard !state.fired else { return nil }
            state.next += 1
            state.waiters[state.next] = continuation
            return state.next
        }
        guard let id else { return }
        for await _ in stream {}
        _ = state.withLock { $0.waiters.removeValue(forKey: id) }
    }

    var isFired: Bool { state.withLock { $0.fired } }

    func fire() {
        let waiters = state.withLock { state -> [AsyncStream<Void>.Continuation] in
            state.fired = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.finish() }
    }
}
