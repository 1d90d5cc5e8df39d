import Kernel
import NIOCore
import Synchronization

/// The outbound side of one devp2p session. Every message is written on the channel's event loop and
/// one flush is scheduled per loop turn for all writes queued since the last flush — a relay sending
/// many envelopes, or several senders sharing a session, pay one socket write instead of one per message.
///
/// `enqueue` is the bounded, non-waiting path: the bytes written but not yet on the wire (NIO's pending
/// writes, which grow while the peer does not read) are counted, and past `byteLimit` a message is
/// refused rather than queued, so a stalled peer costs a bounded amount of memory and no one's time.
final class Devp2pWriter: Sendable {
    let channel: any Channel
    /// Bytes `enqueue` may have in flight at once before it refuses a message.
    let byteLimit: Int
    private let queuedBytes = Atomic<Int>(0)
    /// Touched on the event loop only; the mutex is for the compiler (never contended).
    private let flushPending = Mutex(false)

    /// In-flight bytes a session may queue for a peer: 8 MiB (≈ 8 000 relayed 1 KiB envelopes).
    static let defaultByteLimit = 8 << 20

    init(channel: any Channel, byteLimit: Int = Devp2pWriter.defaultByteLimit) {
        self.channel = channel
        self.byteLimit = byteLimit
    }

    /// Bytes queued by `enqueue` and not yet written to the socket.
    var inFlightBytes: Int { queuedBytes.load(ordering: .relaxed) }

    /// Writes `outbound` and waits until it is on the wire (or failed).
    func send(_ outbound: Devp2pOutbound) async throws {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        write(outbound, promise: promise)
        try await promise.futureResult.get()
    }

    /// Queues `outbound` of `size` payload bytes without waiting; `false` (not queued) when the bytes in
    /// flight would exceed `byteLimit`.
    func enqueue(_ outbound: Devp2pOutbound, size: Int) -> Bool {
        let (queued, _) = queuedBytes.add(size, ordering: .relaxed)
        guard queued <= byteLimit || queued == size else {
            queuedBytes.subtract(size, ordering: .relaxed)
            return false
        }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in self.queuedBytes.subtract(size, ordering: .relaxed) }
        write(outbound, promise: promise)
        return true
    }

    private func write(_ outbound: Devp2pOutbound, promise: EventLoopPromise<Void>?) {
        if channel.eventLoop.inEventLoop {
            writeOnLoop(outbound, promise: promise)
        } else {
            channel.eventLoop.execute { self.writeOnLoop(outbound, promise: promise) }
        }
    }

    /// Writes without flushing and, unless one is pending, schedules a flush after every task already
    /// queued on the loop — so writes that run before it are flushed by it, and any that run after it
    /// find no flush pending and schedule the next.
    private func writeOnLoop(_ outbound: Devp2pOutbound, promise: EventLoopPromise<Void>?) {
        channel.write(outbound, promise: promise)
        let schedule = flushPending.withLock { pending in
            defer { pending = true }
            return !pending
        }
        guard schedule else { return }
        channel.eventLoop.execute {
            self.flushPending.withLock { $0 = false }
            self.channel.flush()
        }
    }
}
