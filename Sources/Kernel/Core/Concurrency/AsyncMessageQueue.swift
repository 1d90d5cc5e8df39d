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
        var waiter: CheckedContinuation<Element?, Never>?
    }
    private let state = Mutex(State())
    private let capacity: Int

    public init(capacity: Int = .max) { self.capacity = capacity }

    /// Appends an item; returns false if the queue is finished or full.
    @discardableResult
    public func push(_ item: Element) -> Bool {
        let (accepted, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Element?, Never>?) in
            guard !state.finished, state.items.count - state.head < capacity else { return (false, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (true, waiter)
            }
            state.items.append(item)
            return (true, nil)
        }
        waiter?.resume(returning: item)
        return accepted
    }

    /// Ends the queue: the consumer drains what is buffered, then gets `nil`.
    public func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    public var isFinished: Bool { state.withLock { $0.finished } }
    public var count: Int { state.withLock { $0.items.count - $0.head } }

    /// The next item, or `nil` once finished and drained, or when the waiting task is cancelled.
    public func next() async -> Element? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
                let immediate = state.withLock { state -> Element?? in
                    if state.head < state.items.count {
                        let item = state.items[state.head]
                        state.head += 1
                        if state.head > 64 && state.head * 2 > state.items.count {
                            state.items.removeFirst(state.head)
                            state.head = 0
                        }
                        return .some(item)
                    }
                    if state.finished || Task.isCancelled { return .some(nil) }
                    state.waiter = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Element?, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
