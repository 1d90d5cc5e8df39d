import Kernel
import Libp2pCore

/// One mplex session over a secured connection. mplex has no flow control: each stream's inbox holds
/// at most `MplexStream.inboxCapacity` unread frames; a peer that sends more is flooding and the stream
/// is reset.
actor MplexMux: StreamMuxer {
    nonisolated let writer: SecureWriter
    private var state: MplexSessionState
    private var streams: [MplexSessionState.StreamKey: MplexStream] = [:]
    private var isClosed = false

    init(maximumInboundStreams: Int, writer: SecureWriter) {
        state = MplexSessionState(maximumInboundStreams: maximumInboundStreams)
        self.writer = writer
    }

    func handle(_ frame: MplexFrame) async throws -> [MplexStream] {
        let (events, replies) = try state.receive(frame)
        var opened: [MplexStream] = []
        for event in events {
            switch event {
            case .opened(let key):
                let stream = MplexStream(key: key, mux: self)
                streams[key] = stream
                opened.append(stream)
            case .data(let key, let bytes):
                if let stream = streams[key], !stream.inbox.push(bytes) { await resetStream(key) }
            case .remoteClosed(let key):
                streams[key]?.inbox.finish()
            case .reset(let key):
                streams.removeValue(forKey: key)?.inbox.finish()
            }
        }
        for reply in replies { try await writer.write(reply.bytes) }
        return opened
    }

    func openAnyStream() async throws -> any MuxedStream {
        guard !isClosed else { throw NetworkError.closed }
        let (key, frame) = state.openStream()
        let stream = MplexStream(key: key, mux: self)
        streams[key] = stream
        try await writer.write(frame.bytes)
        return stream
    }

    func send(_ key: MplexSessionState.StreamKey, _ bytes: [UInt8]) async throws {
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + MplexFrame.maximumData / 2)
            guard !isClosed, let frame = state.send(key, Array(bytes[offset..<end])) else { throw NetworkError.closed }
            try await writer.write(frame.bytes)
            offset = end
        } while offset < bytes.count
    }

    func closeWrite(_ key: MplexSessionState.StreamKey) async {
        if let frame = state.close(key) { try? await writer.write(frame.bytes) }
    }

    func resetStream(_ key: MplexSessionState.StreamKey) async {
        streams.removeValue(forKey: key)?.inbox.finish()
        try? await writer.write(state.reset(key).bytes)
    }

    func shutdown(protocolError: Bool?) async {
        guard !isClosed else { return }
        isClosed = true
        for stream in streams.values { stream.inbox.finish() }
        streams.removeAll()
    }
}

/// One mplex stream.
final class MplexStream: MuxedStream {
    /// Unread frames one stream may hold before the peer counts as flooding it.
    static let inboxCapacity = 1024

    let key: MplexSessionState.StreamKey
    let mux: MplexMux
    let inbox = AsyncMessageQueue<[UInt8]>(capacity: MplexStream.inboxCapacity)

    init(key: MplexSessionState.StreamKey, mux: MplexMux) {
        self.key = key
        self.mux = mux
    }

    func read() async -> [UInt8]? { await inbox.next() }
    func write(_ bytes: [UInt8]) async throws { try await mux.send(key, bytes) }
    func closeWrite() async { await mux.closeWrite(key) }
    func reset() async { await mux.resetStream(key) }
}
