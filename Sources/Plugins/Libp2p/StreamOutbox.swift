import Kernel
import Synchronization

/// The outbound side of one libp2p protocol stream: one writer task drains messages in order, so a
/// relay can hand a message to a slow peer (`enqueue`) without waiting for that peer's yamux window,
/// while `send` keeps its "returns once written" meaning and its order with queued messages.
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

    /// What the writer task and the callers share: queued bytes and whether a write failed.
    private final class Ledger: Sendable {
        let queuedBytes = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
    }

    let byteLimit: Int
    private let items: AsyncStream<Item>.Continuation
    private let ledger = Ledger()
    private let drain: Task<Void, Never>

    init(stream: any MuxedStream, byteLimit: Int = StreamOutbox.defaultByteLimit) {
        self.byteLimit = byteLimit
        let (queue, items) = AsyncStream<Item>.makeStream()
        self.items = items
        let ledger = self.ledger
        drain = Task {
            for await item in queue {
                var failure: (any Error)? = ledger.failed.load(ordering: .relaxed) ? NetworkError.closed : nil
                if failure == nil {
                    do { try await stream.write(item.bytes) } catch { failure = error }
                }
                ledger.queuedBytes.subtract(item.bytes.count, ordering: .relaxed)
                if let failure {
                    ledger.failed.store(true, ordering: .relaxed)
                    item.done?.resume(throwing: failure)
                } else {
                    item.done?.resume()
                }
            }
            // The queue ended: half-close after the last queued message, unless the stream failed or was dropped.
            if !Task.isCancelled, !ledger.failed.load(ordering: .relaxed) { await stream.closeWrite() }
        }
    }

    deinit { drain.cancel() }

    /// Writes `bytes` after everything queued before it and waits until they are written.
    func send(_ bytes: [UInt8]) async throws {
        guard !ledger.failed.load(ordering: .relaxed) else { throw NetworkError.closed }
        ledger.queuedBytes.add(bytes.count, ordering: .relaxed)
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            if case .terminated = items.yield(Item(bytes: bytes, done: done)) {
                ledger.queuedBytes.subtract(bytes.count, ordering: .relaxed)
                done.resume(throwing: NetworkError.closed)
            }
        }
    }

    /// Queues `bytes` without waiting; `false` when the stream failed or the queue would pass `byteLimit`.
    func enqueue(_ bytes: [UInt8]) -> Bool {
        guard !ledger.failed.load(ordering: .relaxed) else { return false }
        let after = ledger.queuedBytes.add(bytes.count, ordering: .relaxed).newValue
        guard after <= byteLimit, case .enqueued = items.yield(Item(bytes: bytes, done: nil)) else {
            ledger.queuedBytes.subtract(bytes.count, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Bytes queued and not yet written.
    var pendingBytes: Int { ledger.queuedBytes.load(ordering: .relaxed) }

    /// Stops accepting messages; queued ones are still written, then the stream is half-closed. Returns at
    /// once, so closing a stream whose peer stopped reading does not wait for that peer.
    func finish() {
        items.finish()
    }

    /// Drops whatever is queued (waiting senders get `NetworkError.closed`) and ends the writer.
    func cancel() {
        ledger.failed.store(true, ordering: .relaxed)
        items.finish()
    }
}
