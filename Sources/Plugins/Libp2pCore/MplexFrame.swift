import Primitives

/// One mplex frame (`/mplex/6.7.0`, libp2p/specs mplex): `uvarint(streamID << 3 | flag) ‖ uvarint(length) ‖ data`.
/// Stream ids are per opener: the flag says whether the sender opened the stream (…Initiator) or
/// accepted it (…Receiver), so both sides may use the same number.
public struct MplexFrame: Equatable, Sendable {
    public enum Flag: UInt8, Sendable {
        case newStream = 0, messageReceiver = 1, messageInitiator = 2, closeReceiver = 3, closeInitiator = 4,
             resetReceiver = 5, resetInitiator = 6
    }

    public static let protocolID = "/mplex/6.7.0"
    /// Largest frame body accepted (the spec's 1 MiB).
    public static let maximumData = 1 << 20
    /// Stream ids are at most 60 bits (the header varint carries id << 3).
    public static let maximumStreamID: UInt64 = (1 << 60) - 1

    public var streamID: UInt64
    public var flag: Flag
    public var data: [UInt8]

    public init(streamID: UInt64, flag: Flag, data: [UInt8] = []) {
        self.streamID = streamID
        self.flag = flag
        self.data = data
    }

    public var bytes: [UInt8] { UVarint.encode(streamID << 3 | UInt64(flag.rawValue)) + UVarint.encode(UInt64(data.count)) + data }

    /// Takes one frame off the front of `buffer`; nil if more bytes are needed. The length is checked
    /// from the header, before the body is buffered.
    public static func decode(_ buffer: inout [UInt8], maximumData: Int = maximumData) throws -> MplexFrame? {
        let header: UInt64, used1: Int
        do { (header, used1) = try UVarint.decode(buffer) } catch UVarintError.truncated {
            guard buffer.count < UVarint.maxLength else { throw MplexError.malformedHeader }
            return nil
        } catch { throw MplexError.malformedHeader }
        guard let flag = Flag(rawValue: UInt8(header & 7)) else { throw MplexError.unknownFlag(UInt8(header & 7)) }
        let length: UInt64, used2: Int
        do { (length, used2) = try UVarint.decode(buffer[used1...]) } catch UVarintError.truncated {
            guard buffer.count - used1 < UVarint.maxLength else { throw MplexError.malformedHeader }
            return nil
        } catch { throw MplexError.malformedHeader }
        guard length <= UInt64(maximumData) else { throw MplexError.frameTooLarge(Int(clamping: length)) }
        let total = used1 + used2 + Int(length)
        guard buffer.count >= total else { return nil }
        defer { buffer.removeFirst(total) }
        return MplexFrame(streamID: header >> 3, flag: flag, data: Array(buffer[(used1 + used2)..<total]))
    }
}

/// Why an mplex session failed.
public enum MplexError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedHeader
    case unknownFlag(UInt8)
    case frameTooLarge(Int)
    case duplicateStream(UInt64)
    case tooManyStreams(Int)

    public var description: String {
        switch self {
        case .malformedHeader: return "mplex frame header is not two valid varints"
        case .unknownFlag(let flag): return "mplex flag \(flag) does not exist (0…6)"
        case .frameTooLarge(let size): return "mplex frame of \(size) bytes exceeds \(MplexFrame.maximumData)"
        case .duplicateStream(let id): return "the peer opened mplex stream \(id) twice"
        case .tooManyStreams(let limit): return "the peer opened more than \(limit) mplex streams at once"
        }
    }
}

/// The mplex session rules, sans I/O: stream keys (id, who opened it), half-close and reset, a cap on
/// the streams a peer may open. mplex has no flow control; the owner bounds what it buffers.
public struct MplexSessionState: Sendable {
    /// A stream as both sides name it: its number and whether this side opened it.
    public struct StreamKey: Hashable, Sendable {
        public let id: UInt64
        public let openedLocally: Bool
    }

    public enum Event: Equatable, Sendable {
        case opened(StreamKey)
        case data(StreamKey, [UInt8])
        case remoteClosed(StreamKey)
        case reset(StreamKey)
    }

    struct Stream: Sendable { var localClosed = false, remoteClosed = false }

    public let maximumInboundStreams: Int
    var streams: [StreamKey: Stream] = [:]
    var nextID: UInt64 = 0

    public init(maximumInboundStreams: Int = 256) { self.maximumInboundStreams = maximumInboundStreams }

    public var openStreamCount: Int { streams.count }

    public mutating func openStream() -> (StreamKey, MplexFrame) {
        let key = StreamKey(id: nextID, openedLocally: true)
        nextID += 1
        streams[key] = Stream()
        return (key, MplexFrame(streamID: key.id, flag: .newStream, data: Array("\(key.id)".utf8)))
    }

    public func send(_ key: StreamKey, _ data: [UInt8]) -> MplexFrame? {
        guard let stream = streams[key], !stream.localClosed else { return nil }
        return MplexFrame(streamID: key.id, flag: key.openedLocally ? .messageInitiator : .messageReceiver, data: data)
    }

    public mutating func close(_ key: StreamKey) -> MplexFrame? {
        guard var stream = streams[key], !stream.localClosed else { return nil }
        stream.localClosed = true
        streams[key] = stream.remoteClosed ? nil : stream
        return MplexFrame(streamID: key.id, flag: key.openedLocally ? .closeInitiator : .closeReceiver)
    }

    public mutating func reset(_ key: StreamKey) -> MplexFrame {
        streams[key] = nil
        return MplexFrame(streamID: key.id, flag: key.openedLocally ? .resetInitiator : .resetReceiver)
    }

    /// Applies one inbound frame: what it meant, and frames to answer with (a reset for a refused stream).
    public mutating func receive(_ frame: MplexFrame) throws -> (events: [Event], replies: [MplexFrame]) {
        guard frame.streamID <= MplexFrame.maximumStreamID else { throw MplexError.malformedHeader }
        // The sender's "Initiator" flags name a stream it opened: remote-opened from our side.
        let key: StreamKey
        switch frame.flag {
        case .newStream, .messageInitiator, .closeInitiator, .resetInitiator:
            key = StreamKey(id: frame.streamID, openedLocally: false)
        case .messageReceiver, .closeReceiver, .resetReceiver:
            key = StreamKey(id: frame.streamID, openedLocally: true)
        }
        switch frame.flag {
        case .newStream:
            guard streams[key] == nil else { throw MplexError.duplicateStream(key.id) }
            guard streams.keys.filter({ !$0.openedLocally }).count < maximumInboundStreams else {
                return ([], [MplexFrame(streamID: key.id, flag: .resetReceiver)])
            }
            streams[key] = Stream()
            return ([.opened(key)], [])
        case .messageInitiator, .messageReceiver:
            guard let stream = streams[key], !stream.remoteClosed else { return ([], []) }   // late data after close/reset: dropped
            return (frame.data.isEmpty ? [] : [.data(key, frame.data)], [])
        case .closeInitiator, .closeReceiver:
            guard var stream = streams[key], !stream.remoteClosed else { return ([], []) }
            stream.remoteClosed = true
            streams[key] = stream.localClosed ? nil : stream
            return ([.remoteClosed(key)], [])
        case .resetInitiator, .resetReceiver:
            return (streams.removeValue(forKey: key) == nil ? [] : [.reset(key)], [])
        }
    }
}
