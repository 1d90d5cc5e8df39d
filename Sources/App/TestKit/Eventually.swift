import Kernel

/// Thrown by `eventually` when a condition did not become true in time.
public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public init(what: String) { self.what = what }
    public var description: String { "timed out waiting for: \(what)" }
}

/// Polls `condition` until it holds or `timeout` (real time) passes.
public func eventually(_ what: String, timeout: Duration = .seconds(10),
                       _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    // One last look: on a loaded machine this task may not have run for a while, and the condition can
    // have become true while it waited past the deadline.
    if try await condition() { return }
    throw TimedOut(what: what)
}

/// Collects events of one type from a bus, for assertions after the fact.
public final class EventLog<E: NodeEvent>: Sendable {
    private let queue = AsyncMessageQueue<E>()
    private let task: Task<Void, Never>

    public init(_ bus: EventBus, _ type: E.Type) {
        let stream = bus.subscribe(type, bufferSize: 10_000)
        let queue = self.queue
        task = Task {
            for await event in stream { queue.push(event) }
        }
    }

    deinit { task.cancel() }

    /// Waits for the next event (nil on timeout).
    public func next(timeout: Duration = .seconds(10)) async -> E? {
        await withTaskGroup(of: E?.self) { group in
            group.addTask { await self.queue.next() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    public var pending: Int { queue.count }
}

extension AsyncMessageQueue {
    /// The next item, or `nil` if none arrives within `timeout` — so a test fails instead of hanging.
    public func next(within timeout: Duration) async -> Element? {
        await withTaskGroup(of: Element?.self) { group in
            group.addTask { await self.next() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
