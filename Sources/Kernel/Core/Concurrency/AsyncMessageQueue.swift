import Synchronization

/// A single-consumer FIFO between tasks: producers `push` without waiting, the consumer awaits
/// `next()`; `finish()` ends the queue (pending items are still delivered first).
///
/// Transports use it for per-stream inboxes and accept queues. Unlike `AsyncStream`'s iterator it is
/// `Sendable`, so a stream object can own one and be shared across tasks. An optional `capacity`
/// bounds the buffer: pushes beyond it are refused (the caller decides: drop, penalise, disconnect).
public final class AsyncMessageQueue<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var head = 0
        var finished = false
        /// Consumers waiting for an item, oldest first (normally at most one).
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Element?, Never>)] = []
        var nextWaiterID: UInt64 = 0

        var buffered: Int { items.count - head }

        mutating func popItem() -> Element? {
            guard head < items.count else { return nil }
            let item = items[head]
            head += 1
            if head > 64 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }
    private let state = Mutex(State())
    private let capacity: Int

    public init(capacity: Int = .max) { self.capacity = capacity }

    /// Appends an item; returns false if the queue is finished or full.
    @discardableResult
    public func push(_ item: Element) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Element?, Never>?) in
            guard !state.finished, state.buffered < capacity else { return (false, nil) }
            if !state.waiters.isEmpty {
                return (true, state.waiters.removeFirst().continuation)
            }
            state.items.append(item)
            return (true, nil)
        }
        waiter?.resume(returning: item)
        return accepted
    }

    /// Ends the queue: consumers drain what is buffered, then get `nil`.
    public func finish() {
        let waiters = state.withLock { state -> [CheckedContinuation<Element?, Never>] in
            state.finished = true
            defer { state.waiters.removeAll() }
            return state.waiters.map(\.continuation)
        }
        waiters.forEach { $0.resume(returning: nil) }
    }

    public var isFinished: Bool { state.withLock { $0.finished } }
    public var count: Int { state.withLock { $0.buffered } }

    /// The next item, or `nil` once finished and drained, or when the waiting task is cancelled.
    public func next() async -> Element? {
        // An item already buffered is taken without suspending.
        if let item = state.withLock({ $0.popItem() }) { return item }
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID &+= 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
                let immediate = state.withLock { state -> Element?? in
                    if let item = state.popItem() { return .some(item) }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiters.append((id, continuation))
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Element?, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: nil)
        }
    }
}
