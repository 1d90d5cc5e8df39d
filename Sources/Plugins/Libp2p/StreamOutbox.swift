import Kernel

/// The outbound side of one libp2p protocol stream: one writer task drains messages in order, so a
/// relay can hand a message to a slow peer (`enqueue`) without waiting for that peer's yamux window,
/// while `send` keeps its "returns once written" meaning and its order with queued messages.
///
/// Queued bytes are bounded: past `byteLimit` a message is refused (`enqueue` returns false), so a peer
/// that stops granting window costs a bounded amount of memory and no sender's time. The writer task is
/// owned here and cancelled by `cancel` (a reset stream).
actor StreamOutbox {
    /// Bytes a stream may hold queued before `enqueue` refuses (the devp2p writer's limit, 8 MiB).
    static let defaultByteLimit = 8 << 20

    private struct Item: Sendable {
        let bytes: [UInt8]
        let done: CheckedContinuation<Void, any Error>?
    }

    let byteLimit: Int
    private let items: AsyncStream<Item>.Continuation
    private var queuedBytes = 0
    private var failed = false
    private var drain: Task<Void, Never>?

    init(stream: any MuxedStream, byteLimit: Int = StreamOutbox.defaultByteLimit) {
        self.byteLimit = byteLimit
        let (queue, items) = AsyncStream<Item>.makeStream()
        self.items = items
        drain = Task { [weak self] in
            for await item in queue {
                var error: (any Error)?
                do { try await stream.write(item.bytes) } catch let failure { error = failure }
                item.done.map { done in error.map { done.resume(throwing: $0) } ?? done.resume() }
                guard let self else { continue }
                await self.written(item.bytes.count, failed: error != nil)
            }
            // The queue ended: half-close after the last queued message, unless the stream was cancelled.
            if !Task.isCancelled { await stream.closeWrite() }
        }
    }

    /// Writes `bytes` after everything queued before it and waits until they are written.
    func send(_ bytes: [UInt8]) async throws {
        guard !failed else { throw NetworkError.closed }
        queuedBytes += bytes.count
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            if case .terminated = items.yield(Item(bytes: bytes, done: done)) { done.resume(throwing: NetworkError.closed) }
        }
    }

    /// Queues `bytes` without waiting; `false` when the stream failed or the queue would pass `byteLimit`.
    func enqueue(_ bytes: [UInt8]) -> Bool {
        guard !failed, queuedBytes + bytes.count <= byteLimit else { return false }
        queuedBytes += bytes.count
        if case .terminated = items.yield(Item(bytes: bytes, done: nil)) { return false }
        return true
    }

    /// Bytes queued and not yet written.
    var pendingBytes: Int { queuedBytes }

    /// Stops accepting messages; queued ones are still written, then the stream is half-closed. Returns at
    /// once, so closing a stream whose peer stopped reading does not wait for that peer.
    func finish() {
        items.finish()
    }

    /// Drops whatever is queued and stops the writer.
    func cancel() {
        failed = true
        items.finish()
        drain?.cancel()
    }

    private func written(_ count: Int, failed: Bool) {
        queuedBytes -= count
        if failed { self.failed = true }
    }
}
