/// One yamux frame (hashicorp/yamux spec.md, libp2p `/yamux/1.0.0`): a 12-byte header
/// `version 0 ‖ type ‖ BE16 flags ‖ BE32 stream id ‖ BE32 length`, then `length` bytes for DATA frames
/// (for WINDOW_UPDATE, PING and GO_AWAY the length field carries the delta, opaque value or error code).
public struct YamuxFrame: Equatable, Sendable {
    public enum Kind: UInt8, Sendable { case data = 0, windowUpdate = 1, ping = 2, goAway = 3 }
    public struct Flags: OptionSet, Sendable, Equatable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let syn = Flags(rawValue: 1), ack = Flags(rawValue: 2), fin = Flags(rawValue: 4), rst = Flags(rawValue: 8)
    }
    /// GO_AWAY error codes.
    public enum GoAwayCode: UInt32, Sendable { case normal = 0, protocolError = 1, internalError = 2 }

    public static let headerLength = 12
    public static let protocolID = "/yamux/1.0.0"
    /// Every stream starts with this receive window.
    public static let initialWindow: UInt32 = 256 * 1024

    public var kind: Kind
    public var flags: Flags
    public var streamID: UInt32
    /// DATA: payload length; WINDOW_UPDATE: delta; PING: opaque; GO_AWAY: error code.
    public var length: UInt32
    public var payload: [UInt8]

    public init(kind: Kind, flags: Flags = [], streamID: UInt32, length: UInt32, payload: [UInt8] = []) {
        self.kind = kind
        self.flags = flags
        self.streamID = streamID
        self.length = length
        self.payload = payload
    }

    public static func data(_ streamID: UInt32, _ payload: [UInt8], flags: Flags = []) -> YamuxFrame {
        YamuxFrame(kind: .data, flags: flags, streamID: streamID, length: UInt32(payload.count), payload: payload)
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.headerLength + payload.count)
        appendHeader(to: &out)
        out += payload
        return out
    }

    /// Appends the 12-byte header (without the payload) to `out`.
    public func appendHeader(to out: inout [UInt8]) {
        out += [0, kind.rawValue, UInt8(flags.rawValue >> 8), UInt8(flags.rawValue & 0xff),
                UInt8(truncatingIfNeeded: streamID >> 24), UInt8(truncatingIfNeeded: streamID >> 16),
                UInt8(truncatingIfNeeded: streamID >> 8), UInt8(truncatingIfNeeded: streamID),
                UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
                UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
    }

    /// Takes one frame off the front of `buffer`; nil if more bytes are needed. A DATA frame longer
    /// than `maximumData` is rejected from its header, before its body is buffered.
    public static func decode(_ buffer: inout [UInt8], maximumData: UInt32) throws -> YamuxFrame? {
        var start = 0
        guard let frame = try decode(buffer, from: &start, maximumData: maximumData) else { return nil }
        buffer.removeFirst(start)
        return frame
    }

    /// Reads one frame from `buffer` at `start` and moves `start` past it; nil (and `start` unchanged) if
    /// more bytes are needed. For readers that consume a buffer by index instead of removing from its front.
    public static func decode(_ buffer: [UInt8], from start: inout Int, maximumData: UInt32) throws -> YamuxFrame? {
        let at = start
        guard buffer.count - at >= headerLength else { return nil }
        guard buffer[at] == 0 else { throw YamuxError.badVersion(buffer[at]) }
        guard let kind = Kind(rawValue: buffer[at + 1]) else { throw YamuxError.badType(buffer[at + 1]) }
        let flags = Flags(rawValue: UInt16(buffer[at + 2]) << 8 | UInt16(buffer[at + 3]))
        func be32(_ offset: Int) -> UInt32 {
            UInt32(buffer[offset]) << 24 | UInt32(buffer[offset + 1]) << 16 | UInt32(buffer[offset + 2]) << 8 | UInt32(buffer[offset + 3])
        }
        let streamID = be32(at + 4), length = be32(at + 8)
        var payload: [UInt8] = []
        if kind == .data {
            guard length <= maximumData else { throw YamuxError.windowExceeded(streamID: streamID, length: length, window: maximumData) }
            guard buffer.count - at >= headerLength + Int(length) else { return nil }
            payload = Array(buffer[at + headerLength..<at + headerLength + Int(length)])
            start = at + headerLength + Int(length)
        } else {
            start = at + headerLength
        }
        return YamuxFrame(kind: kind, flags: flags, streamID: streamID, length: length, payload: payload)
    }
}

/// Why a yamux session or stream failed.
public enum YamuxError: Error, Equatable, Sendable, CustomStringConvertible {
    case badVersion(UInt8)
    case badType(UInt8)
    case windowExceeded(streamID: UInt32, length: UInt32, window: UInt32)
    case badStreamID(UInt32)
    case tooManyStreams(Int)
    case sessionClosed
    case streamReset(UInt32)
    case streamClosed(UInt32)
    case windowOverflow(UInt32)

    public var description: String {
        switch self {
        case .badVersion(let v): return "yamux frame version \(v); only 0 exists"
        case .badType(let t): return "yamux frame type \(t) is not DATA/WINDOW_UPDATE/PING/GO_AWAY"
        case .windowExceeded(let id, let length, let window):
            return "yamux stream \(id) sent \(length) bytes with only \(window) of receive window: flow-control violation"
        case .badStreamID(let id): return "yamux stream id \(id) is not valid for the peer's role (or reused)"
        case .tooManyStreams(let limit): return "the peer opened more than \(limit) yamux streams at once"
        case .sessionClosed: return "the yamux session is closed"
        case .streamReset(let id): return "yamux stream \(id) was reset"
        case .streamClosed(let id): return "yamux stream \(id) is closed for writing"
        case .windowOverflow(let id): return "yamux stream \(id)'s send window overflowed 2^32"
        }
    }
}
