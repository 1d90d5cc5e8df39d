/// The yamux session rules, sans I/O: stream ids (dialer odd, listener even), SYN/ACK/FIN/RST,
/// per-stream receive and send windows, ping echo and GO_AWAY. The owner feeds it inbound frames and
/// sends the frames it returns; a thrown error means "send GO_AWAY(protocol error) and close".
public struct YamuxSessionState: Sendable {
    /// What an inbound frame meant for the owner.
    public enum Event: Equatable, Sendable {
        case opened(UInt32)
        case data(UInt32, [UInt8])
        case remoteClosed(UInt32)
        case reset(UInt32)
        case sendWindowGrew(UInt32)
        case pong(UInt32)
        case goAway(YamuxFrame.GoAwayCode)
    }

    struct Stream: Sendable {
        var receiveWindow: UInt32
        var sendWindow: UInt32 = YamuxFrame.initialWindow
        /// Bytes handed to the owner since the last window update we sent.
        var consumed: UInt32 = 0
        var localClosed = false
        var remoteClosed = false
        var acknowledged = false
    }

    public let isDialer: Bool
    /// Streams the peer may have open at once; more are reset (a flood).
    public let maximumInboundStreams: Int
    /// The receive window this side grants each stream: the spec's 256 KiB, raised in the SYN/ACK
    /// window update when larger (fewer stalls on fast links; bounds what one stream may buffer).
    public let receiveWindow: UInt32
    var streams: [UInt32: Stream] = [:]
    var nextStreamID: UInt32
    public private(set) var goAwayReceived = false
    public private(set) var goAwaySent = false

    public init(isDialer: Bool, maximumInboundStreams: Int = 256, receiveWindow: UInt32 = YamuxFrame.initialWindow) {
        self.isDialer = isDialer
        self.maximumInboundStreams = maximumInboundStreams
        self.receiveWindow = max(receiveWindow, YamuxFrame.initialWindow)
        nextStreamID = isDialer ? 1 : 2
    }

    public var openStreamCount: Int { streams.count }

    /// Whether `id` is still tracked (not reset, not closed by both sides).
    public func isOpen(_ id: UInt32) -> Bool { streams[id] != nil }

    func isRemoteID(_ id: UInt32) -> Bool { id != 0 && (id % 2 == 1) != isDialer }

    /// Opens a stream: its id and the SYN (a zero-length window update) to send.
    public mutating func openStream() throws -> (UInt32, YamuxFrame) {
        guard !goAwayReceived, !goAwaySent else { throw YamuxError.sessionClosed }
        guard nextStreamID < UInt32.max - 1 else { throw YamuxError.sessionClosed }
        let id = nextStreamID
        nextStreamID += 2
        streams[id] = Stream(receiveWindow: receiveWindow)
        return (id, YamuxFrame(kind: .windowUpdate, flags: .syn, streamID: id, length: receiveWindow - YamuxFrame.initialWindow))
    }

    /// Up to `wanted` bytes may be sent on `id` now; the caller sends that many and reports them.
    public func sendable(_ id: UInt32) throws -> UInt32 {
        guard let stream = streams[id] else { throw YamuxError.streamReset(id) }
        guard !stream.localClosed else { throw YamuxError.streamClosed(id) }
        return stream.sendWindow
    }

    /// Records `count` bytes sent on `id` and returns the DATA frame for them.
    public mutating func send(_ id: UInt32, _ payload: [UInt8]) throws -> YamuxFrame {
        var frame = try sendHeader(id, count: payload.count)
        frame.payload = payload
        return frame
    }

    /// Records `count` bytes sent on `id` and returns the DATA frame's header (an empty payload, `length`
    /// = `count`); the caller writes the header and then the bytes, without building the frame's array.
    public mutating func sendHeader(_ id: UInt32, count: Int) throws -> YamuxFrame {
        guard var stream = streams[id] else { throw YamuxError.streamReset(id) }
        guard !stream.localClosed else { throw YamuxError.streamClosed(id) }
        precondition(count <= Int(stream.sendWindow), "caller must respect sendable()")
        stream.sendWindow -= UInt32(count)
        streams[id] = stream
        return YamuxFrame(kind: .data, streamID: id, length: UInt32(count))
    }

    /// Half-closes our side: the FIN to send.
    public mutating func close(_ id: UInt32) -> YamuxFrame? {
        guard var stream = streams[id], !stream.localClosed else { return nil }
        stream.localClosed = true
        if stream.remoteClosed { streams[id] = nil } else { streams[id] = stream }
        return YamuxFrame(kind: .windowUpdate, flags: .fin, streamID: id, length: 0)
    }

    /// Resets a stream: the RST to send.
    public mutating func reset(_ id: UInt32) -> YamuxFrame {
        streams[id] = nil
        return YamuxFrame(kind: .windowUpdate, flags: .rst, streamID: id, length: 0)
    }

    /// The owner consumed `count` bytes of `id`'s data: a window update once half the window is used.
    public mutating func consumed(_ id: UInt32, _ count: Int) -> YamuxFrame? {
        guard var stream = streams[id] else { return nil }
        stream.consumed += UInt32(count)
        var update: YamuxFrame?
        if stream.consumed >= receiveWindow / 2 && !stream.remoteClosed {
            stream.receiveWindow += stream.consumed
            update = YamuxFrame(kind: .windowUpdate, streamID: id, length: stream.consumed)
            stream.consumed = 0
        }
        streams[id] = stream
        return update
    }

    public func ping(_ opaque: UInt32) -> YamuxFrame { YamuxFrame(kind: .ping, flags: .syn, streamID: 0, length: opaque) }

    public mutating func goAway(_ code: YamuxFrame.GoAwayCode) -> YamuxFrame {
        goAwaySent = true
        return YamuxFrame(kind: .goAway, streamID: 0, length: code.rawValue)
    }

    /// Applies one inbound frame: the events it caused and the frames to answer with.
    public mutating func receive(_ frame: YamuxFrame) throws -> (events: [Event], replies: [YamuxFrame]) {
        switch frame.kind {
        case .ping:
            if frame.flags.contains(.syn) {
                return ([], [YamuxFrame(kind: .ping, flags: .ack, streamID: 0, length: frame.length)])
            }
            return ([.pong(frame.length)], [])
        case .goAway:
            goAwayReceived = true
            return ([.goAway(YamuxFrame.GoAwayCode(rawValue: frame.length) ?? .protocolError)], [])
        case .data, .windowUpdate:
            break
        }
        let id = frame.streamID
        guard id != 0 else { throw YamuxError.badStreamID(0) }
        var events: [Event] = []
        var replies: [YamuxFrame] = []
        if frame.flags.contains(.rst) {
            if streams.removeValue(forKey: id) != nil { events.append(.reset(id)) }
            return (events, replies)
        }
        if frame.flags.contains(.syn) {
            guard isRemoteID(id), streams[id] == nil else { throw YamuxError.badStreamID(id) }
            if goAwaySent || streams.keys.filter(isRemoteID).count >= maximumInboundStreams {
                return ([], [YamuxFrame(kind: .windowUpdate, flags: .rst, streamID: id, length: 0)])
            }
            streams[id] = Stream(receiveWindow: receiveWindow)
            events.append(.opened(id))
            replies.append(YamuxFrame(kind: .windowUpdate, flags: .ack, streamID: id, length: receiveWindow - YamuxFrame.initialWindow))
        }
        guard var stream = streams[id] else {
            // A frame for a stream we already reset or fully closed: drop it (the peer may not know yet).
            return (events, replies)
        }
        if frame.flags.contains(.ack) { stream.acknowledged = true }
        switch frame.kind {
        case .data:
            if !frame.payload.isEmpty {
                guard !stream.remoteClosed else { throw YamuxError.streamClosed(id) }
                guard UInt32(frame.payload.count) <= stream.receiveWindow else {
                    throw YamuxError.windowExceeded(streamID: id, length: UInt32(frame.payload.count), window: stream.receiveWindow)
                }
                stream.receiveWindow -= UInt32(frame.payload.count)
                events.append(.data(id, frame.payload))
            }
        case .windowUpdate:
            if frame.length > 0 {
                let (sum, overflow) = stream.sendWindow.addingReportingOverflow(frame.length)
                guard !overflow else { throw YamuxError.windowOverflow(id) }
                stream.sendWindow = sum
                events.append(.sendWindowGrew(id))
            }
        default: break
        }
        if frame.flags.contains(.fin) && !stream.remoteClosed {
            stream.remoteClosed = true
            events.append(.remoteClosed(id))
        }
        if stream.localClosed && stream.remoteClosed { streams[id] = nil } else { streams[id] = stream }
        return (events, replies)
    }
}
