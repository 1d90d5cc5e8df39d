import Kernel
import Libp2pCore
import Synchronization

/// One yamux session over a secured connection: applies inbound frames to `YamuxSessionState`, routes
/// stream data to `YamuxStream` inboxes, and writes what the state machine answers. Send windows are
/// waited for here, so a slow reader throttles its writer instead of growing buffers.
actor YamuxMux {
    /// Largest DATA frame this side writes.
    static let maximumChunk = 64 * 1024

    private var state: YamuxSessionState
    let writer: SecureWriter
    private var streams: [UInt32: YamuxStream] = [:]
    private var windowWaiters: [UInt32: [CheckedContinuation<Void, Never>]] = [:]
    private var pingWaiters: [UInt32: CheckedContinuation<Bool, Never>] = [:]
    private var nextPing: UInt32 = 1
    private(set) var isClosed = false

    /// The receive window granted per stream (the spec's 256 KiB is the floor).
    static let receiveWindow: UInt32 = 1 << 20

    init(isDialer: Bool, maximumInboundStreams: Int, writer: SecureWriter) {
        state = YamuxSessionState(isDialer: isDialer, maximumInboundStreams: maximumInboundStreams, receiveWindow: Self.receiveWindow)
        self.writer = writer
    }

    /// Applies one inbound frame; returns streams the peer just opened (to negotiate their protocol).
    func handle(_ frame: YamuxFrame) async throws -> [YamuxStream] { try await handle([frame]) }

    /// Applies inbound frames in order (one hop onto this actor for everything a read delivered); returns
    /// streams the peer just opened. The frames' replies go out in one write.
    func handle(_ frames: [YamuxFrame]) async throws -> [YamuxStream] {
        var opened: [YamuxStream] = []
        var replies: [UInt8] = []
        do {
            for frame in frames { try await apply(frame, opened: &opened, replies: &replies) }
        } catch {
            if !replies.isEmpty { try? await writer.write(replies) }
            throw error
        }
        if !replies.isEmpty { try await writer.write(replies) }
        return opened
    }

    /// One frame: its events, then its replies appended to `replies` (written before anything else this writes).
    private func apply(_ frame: YamuxFrame, opened: inout [YamuxStream], replies: inout [UInt8]) async throws {
        let (events, frameReplies) = try state.receive(frame)
        for event in events {
            switch event {
            case .opened(let id):
                let stream = YamuxStream(id: id, mux: self)
                streams[id] = stream
                opened.append(stream)
            case .data(let id, let bytes):
                if let stream = streams[id], !stream.inbox.push(bytes) {
                    if !replies.isEmpty {
                        try await writer.write(replies)
                        replies.removeAll()
                    }
                    try await resetStream(id)   // more unread chunks than any window allows: a flood
                }
            case .remoteClosed(let id):
                streams[id]?.inbox.finish()
                if !state.isOpen(id) { streams[id] = nil }
            case .reset(let id):
                streams.removeValue(forKey: id)?.inbox.finish()
                wakeWindowWaiters(id)
            case .sendWindowGrew(let id):
                wakeWindowWaiters(id)
            case .pong(let value):
                pingWaiters.removeValue(forKey: value)?.resume(returning: true)
            case .goAway:
                break   // existing streams finish; `openStream` now refuses
            }
        }
        for reply in frameReplies { replies += reply.bytes }
    }

    func openStream() async throws -> YamuxStream {
        guard !isClosed else { throw NetworkError.closed }
        let (id, syn) = try state.openStream()
        let stream = YamuxStream(id: id, mux: self)
        streams[id] = stream
        try await writer.write(syn.bytes)
        return stream
    }

    /// Sends `bytes` as DATA frames of at most `maximumChunk` bytes, as far as the send window allows at a
    /// time; the frames the window allows at once go to the writer in one buffer.
    func send(_ id: UInt32, _ bytes: [UInt8]) async throws {
        var offset = 0
        while offset < bytes.count {
            guard !isClosed else { throw NetworkError.closed }
            var window = Int(try state.sendable(id))
            if window == 0 {
                await withCheckedContinuation { windowWaiters[id, default: []].append($0) }
                continue
            }
            var wire: [UInt8] = []
            wire.reserveCapacity(min(bytes.count - offset, window) + YamuxFrame.headerLength * 2)
            while offset < bytes.count, window > 0 {
                let end = min(bytes.count, offset + min(window, Self.maximumChunk))
                try state.sendHeader(id, count: end - offset).appendHeader(to: &wire)
                wire += bytes[offset..<end]
                window -= end - offset
                offset = end
            }
            try await writer.write(wire)
        }
    }

    func consumed(_ id: UInt32, _ count: Int) async {
        if let update = state.consumed(id, count) { try? await writer.write(update.bytes) }
    }

    func closeWrite(_ id: UInt32) async {
        if let fin = state.close(id) { try? await writer.write(fin.bytes) }
        if !state.isOpen(id) { streams[id] = nil }
    }

    func resetStream(_ id: UInt32) async throws {
        streams.removeValue(forKey: id)?.inbox.finish()
        wakeWindowWaiters(id)
        try await writer.write(state.reset(id).bytes)
    }

    /// Sends a yamux PING and waits for its answer; false if the session closed first.
    func ping() async throws -> Bool {
        let value = nextPing
        nextPing &+= 1
        try await writer.write(state.ping(value).bytes)
        return await withCheckedContinuation { pingWaiters[value] = $0 }
    }

    /// Ends every stream (the connection is gone), optionally telling the peer with GO_AWAY.
    func shutdown(goAway code: YamuxFrame.GoAwayCode?) async {
        guard !isClosed else { return }
        isClosed = true
        for stream in streams.values { stream.inbox.finish() }
        streams.removeAll()
        for id in Array(windowWaiters.keys) { wakeWindowWaiters(id) }
        for waiter in pingWaiters.values { waiter.resume(returning: false) }
        pingWaiters.removeAll()
        if let code { try? await writer.write(state.goAway(code).bytes) }
    }

    var openStreamCount: Int { streams.count }

    private func wakeWindowWaiters(_ id: UInt32) {
        for waiter in windowWaiters.removeValue(forKey: id) ?? [] { waiter.resume() }
    }
}

/// One yamux stream: bytes in (chunks as they arrived) and out (window-limited).
final class YamuxStream: Sendable {
    /// Unread chunks one stream may hold; the receive window bounds the bytes, this bounds the count.
    static let inboxCapacity = 65_536

    let id: UInt32
    let mux: YamuxMux
    let inbox = AsyncMessageQueue<[UInt8]>(capacity: YamuxStream.inboxCapacity)
    /// Read bytes not yet reported to the mux. At most `consumedBatch` - 1 wait here, well under the half
    /// window after which the mux grants more, so a reader that has read everything never stalls its writer.
    static let consumedBatch = Int(YamuxMux.receiveWindow / 8)
    private let unreportedBytes = Atomic<Int>(0)

    init(id: UInt32, mux: YamuxMux) {
        self.id = id
        self.mux = mux
    }

    /// The next chunk, or nil once the peer closed (FIN/RST) or the connection ended. What was read is
    /// reported to the mux (for window updates) in batches of `consumedBatch` bytes, not per chunk.
    func read() async -> [UInt8]? {
        guard let chunk = await inbox.next() else { return nil }
        let unreported = unreportedBytes.add(chunk.count, ordering: .relaxed).newValue
        if unreported >= Self.consumedBatch {
            unreportedBytes.subtract(unreported, ordering: .relaxed)
            await mux.consumed(id, unreported)
        }
        return chunk
    }

    func write(_ bytes: [UInt8]) async throws { try await mux.send(id, bytes) }
    func closeWrite() async { await mux.closeWrite(id) }
    func reset() async { try? await mux.resetStream(id) }
}
