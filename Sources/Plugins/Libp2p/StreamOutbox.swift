import Kernel
import Synchronization

/// The outbound side of one libp2p protocol stream: messages are written one at a time in order, so a
/// relay can hand a message to a slow peer (`enqueue`) without waiting for that peer's yamux window,
/// while `send` keeps its "returns once written" meaning and its order with queued messages.
///
/// A `send` that finds nothing queued and no write in progress writes on the caller's task (no hand-off
/// to another task and back, which dominated the cost of a message); everything else is written by the
/// owned writer task, woken when work is queued while nobody is writing.
///
/// Queued bytes are bounded: past `byteLimit` a message is refused (`enqueue` returns false), so a peer
/// that stops granting window costs a bounded amount of memory and no sender's time. The writer task is
/// owned here: `finish` lets it write what is queued and half-close, `cancel` (a reset stream) stops it.
final class StreamOutbox: Sendable {
    /// Bytes a stream may hold queued before `enqueue` refuses (the devp2p writer's limit, 8 MiB).
    static let defaultByteLimit = 8 << 20

    private struct Item: Sendable {
        let bytes: [UInt8]
        let done: CheckedContinuation<Void, any Error>?
    }

    /// Who writes next, and what waits. `writing` is true while one task (a sender or the writer task)
    /// owns the stream's write side; only that task takes items off `queue`.
    private struct State: Sendable {
        var queue: [Item] = []
        var head = 0
        var writing = false
        var finished = false
        var failed = false
        var queuedBytes = 0

        var isEmpty: Bool { head == queue.count }

        mutating func pop() -> Item? {
            guard head < queue.count else { return nil }
            let item = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            return item
        }

        /// Takes everything queued (for failing it).
        mutating func takeAll() -> [Item] {
            defer {
                queue.removeAll()
                head = 0
            }
            return Array(queue[head...])
        }
    }

    /// The shared state, in a class so the writer task can hold it without holding the outbox.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    let byteLimit: Int
    private let shared = Shared()
    /// Wakes the writer task: there is queued work (or a half-close) and nobody is writing.
    private let wake: AsyncStream<Void>.Continuation
    private let drain: Task<Void, Never>
    private let stream: any MuxedStream

    init(stream: any MuxedStream, byteLimit: Int = StreamOutbox.defaultByteLimit) {
        self.byteLimit = byteLimit
        self.stream = stream
        let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        let shared = self.shared
        drain = Task {
            for await _ in wakes {
                if await Self.writeQueued(shared, to: stream) { return }
            }
        }
    }

    deinit {
        drain.cancel()
        wake.finish()
    }

    /// Writes queued items until the queue is empty, then gives up the write side; at that point, after
    /// `finish`, half-closes the stream. True once the outbox is done (finished or failed).
    private static func writeQueued(_ shared: Shared, to stream: any MuxedStream) async -> Bool {
        while true {
            let next = shared.state.withLock { state -> (item: Item?, failed: Bool, finished: Bool) in
                if let item = state.pop() { return (item, state.failed, state.finished) }
                state.writing = false
                return (nil, state.failed, state.finished)
            }
            guard let item = next.item else {
                if next.failed { return true }
                if next.finished {
                    if !Task.isCancelled { await stream.closeWrite() }
                    return true
                }
                return false
            }
            await write(item.bytes, done: item.done, shared: shared, to: stream, failed: next.failed)
        }
    }

    /// Writes one message (unless the stream already failed) and settles its sender.
    private static func write(_ bytes: [UInt8], done: CheckedContinuation<Void, any Error>?, shared: Shared,
                              to stream: any MuxedStream, failed: Bool) async {
        var failure: (any Error)? = failed ? NetworkError.closed : nil
        if failure == nil {
            do { try await stream.write(bytes) } catch { failure = error }
        }
        shared.state.withLock { state in
            state.queuedBytes -= bytes.count
            if failure != nil { state.failed = true }
        }
        if let failure { done?.resume(throwing: failure) } else { done?.resume() }
    }

    /// Writes `bytes` after everything queued before it and waits until they are written.
    func send(_ bytes: [UInt8]) async throws {
        let inline = try shared.state.withLock { state -> Bool in
            guard !state.failed, !state.finished else { throw NetworkError.closed }
            state.queuedBytes += bytes.count
            guard !state.writing, state.isEmpty else { return false }
            state.writing = true
            return true
        }
        if inline {
            var failure: (any Error)?
            do { try await stream.write(bytes) } catch { failure = error }
            let more = shared.state.withLock { state -> Bool in
                state.queuedBytes -= bytes.count
                if failure != nil { state.failed = true }
                // Hand the write side to the writer task if work arrived meanwhile (or a half-close is due).
                if state.isEmpty && !state.finished { state.writing = false }
                return state.writing
            }
            if more { wake.yield() }
            if let failure { throw failure }
            return
        }
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let outcome = shared.state.withLock { state -> (accepted: Bool, wakeWriter: Bool) in
                // A `finish` since the check above may already have half-closed and ended the writer task.
                guard !state.failed, !state.finished else {
                    state.queuedBytes -= bytes.count
                    return (false, false)
                }
                state.queue.append(Item(bytes: bytes, done: done))
                guard !state.writing else { return (true, false) }
                state.writing = true
                return (true, true)
            }
            if !outcome.accepted { done.resume(throwing: NetworkError.closed) }
            if outcome.wakeWriter { wake.yield() }
        }
    }

    /// Queues `bytes` without waiting; `false` when the stream failed or the queue would pass `byteLimit`.
    func enqueue(_ bytes: [UInt8]) -> Bool {
        let outcome = shared.state.withLock { state -> (accepted: Bool, wakeWriter: Bool) in
            guard !state.failed, !state.finished, state.queuedBytes + bytes.count <= byteLimit else { return (false, false) }
            state.queuedBytes += bytes.count
            state.queue.append(Item(bytes: bytes, done: nil))
            guard !state.writing else { return (true, false) }
            state.writing = true
            return (true, true)
        }
        if outcome.wakeWriter { wake.yield() }
        return outcome.accepted
    }

    /// Bytes queued and not yet written.
    var pendingBytes: Int { shared.state.withLock { $0.queuedBytes } }

    /// Stops accepting messages; queued ones are still written, then the stream is half-closed. Returns at
    /// once, so closing a stream whose peer stopped reading does not wait for that peer.
    func finish() {
        let wakeWriter = shared.state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.finished = true
            guard !state.writing else { return false }
            state.writing = true
            return true
        }
        if wakeWriter { wake.yield() }
    }

    /// Drops whatever is queued (waiting senders get `NetworkError.closed`) and ends the writer.
    func cancel() {
        let dropped = shared.state.withLock { state -> [Item] in
            state.failed = true
            state.finished = true
            let items = state.takeAll()
            for item in items { state.queuedBytes -= item.bytes.count }
            return items
        }
        for item in dropped { item.done?.resume(throwing: NetworkError.closed) }
        wake.finish()
    }
}
