import Libp2pCore
import Primitives

/// Buffered message reads from one muxed stream (multistream lines, varint-prefixed messages).
/// Used by one task at a time. The buffer is consumed by index (`start`), so taking a message does not
/// move the bytes behind it; a chunk that arrives when everything is consumed replaces the buffer as it is.
struct StreamReader {
    let stream: any MuxedStream
    private var storage: [UInt8] = []
    /// Bytes of `storage` before this index are consumed.
    private var start = 0

    init(_ stream: any MuxedStream) { self.stream = stream }

    /// The bytes received and not yet consumed.
    var buffer: [UInt8] { Array(storage[start...]) }

    /// Reads until `decode` takes a value off the buffer; nil if the stream ended first.
    mutating func next<T>(limit: Int, _ decode: (inout [UInt8]) throws -> T?) async throws -> T? {
        try await next(limit: limit, indexed: { storage, start in
            // Decoders that remove from the front see the unconsumed bytes only.
            if start > 0 {
                storage.removeFirst(start)
                start = 0
            }
            return try decode(&storage)
        })
    }

    /// Reads until `decode` reads a value from the buffer at `start` (moving `start` past it); nil if the
    /// stream ended first.
    mutating func next<T>(limit: Int, indexed decode: (inout [UInt8], inout Int) throws -> T?) async throws -> T? {
        while true {
            if let value = try decode(&storage, &start) { return value }
            guard storage.count - start <= limit else { throw Libp2pTransportError.bufferOverflow(storage.count - start) }
            guard let chunk = await stream.read() else { return nil }
            append(chunk)
        }
    }

    private mutating func append(_ chunk: [UInt8]) {
        if start == storage.count {
            storage = chunk
            start = 0
            return
        }
        if start > 0 {
            storage.removeFirst(start)
            start = 0
        }
        storage += chunk
    }

    /// Exactly `count` bytes, or nil at end of stream.
    mutating func exactly(_ count: Int) async throws -> [UInt8]? {
        try await next(limit: count, indexed: { storage, start in
            guard storage.count - start >= count else { return nil }
            defer { start += count }
            return Array(storage[start..<start + count])
        })
    }

    /// One `uvarint(length) ‖ body` message no longer than `limit`, or nil at end of stream. The length
    /// is checked from the prefix, before the body is buffered.
    mutating func delimited(limit: Int) async throws -> [UInt8]? {
        try await delimited(limit: limit) { Array($0) }
    }

    /// One `uvarint(length) ‖ body` message no longer than `limit`, handed to `body` as a slice of the
    /// buffer (valid during the call only, so the message is copied at most once); nil at end of stream.
    mutating func delimited<T>(limit: Int, _ body: (ArraySlice<UInt8>) throws -> T) async throws -> T? {
        try await next(limit: limit + UVarint.maxLength, indexed: { storage, start in
            let length: UInt64, used: Int
            do { (length, used) = try UVarint.decode(storage[start...]) } catch UVarintError.truncated {
                return nil
            }
            guard length <= UInt64(limit) else { throw Libp2pTransportError.messageTooLarge(Int(clamping: length), limit: limit) }
            guard storage.count - start >= used + Int(length) else { return nil }
            let from = start + used, end = from + Int(length)
            start = end
            return try body(storage[from..<end])
        })
    }

    /// Everything until the peer closes its side (bounded).
    mutating func untilEnd(limit: Int) async throws -> [UInt8] {
        while let chunk = await stream.read() {
            append(chunk)
            guard storage.count - start <= limit else { throw Libp2pTransportError.bufferOverflow(storage.count - start) }
        }
        defer {
            storage.removeAll()
            start = 0
        }
        return Array(storage[start...])
    }
}

/// multistream-select on a muxed stream: the opener proposes, the acceptor echoes or answers `na`.
enum StreamNegotiation {
    /// Proposals a peer may make on one stream before it is reset.
    static let maximumProposals = 8

    /// Proposes `protocolID`; true if the peer accepted. The reader keeps bytes that followed.
    static func propose(_ protocolID: String, on reader: inout StreamReader) async throws -> Bool {
        try await reader.stream.write(Multistream.encode(Multistream.header) + Multistream.encode(protocolID))
        guard let header = try await reader.next(limit: Multistream.maximumMessage, { try Multistream.decode(&$0) }) else {
            throw Libp2pTransportError.negotiation("stream closed before the multistream header")
        }
        guard header == Multistream.header else { throw MultistreamError.unexpectedHeader(header) }
        guard let answer = try await reader.next(limit: Multistream.maximumMessage, { try Multistream.decode(&$0) }) else {
            throw Libp2pTransportError.negotiation("stream closed before the answer to \(protocolID)")
        }
        if answer == protocolID { return true }
        if answer == Multistream.notAvailable { return false }
        throw MultistreamError.unexpectedResponse(proposed: protocolID, got: answer)
    }

    /// Answers the peer's proposals until one is in `supported`; nil if the peer gave up or closed.
    static func accept(_ supported: [String], on reader: inout StreamReader) async throws -> String? {
        try await reader.stream.write(Multistream.encode(Multistream.header))
        guard let header = try await reader.next(limit: Multistream.maximumMessage, { try Multistream.decode(&$0) }) else { return nil }
        guard header == Multistream.header else { throw MultistreamError.unexpectedHeader(header) }
        for _ in 0..<maximumProposals {
            guard let proposal = try await reader.next(limit: Multistream.maximumMessage, { try Multistream.decode(&$0) }) else { return nil }
            if supported.contains(proposal) {
                try await reader.stream.write(Multistream.encode(proposal))
                return proposal
            } else if proposal == Multistream.list {
                try await reader.stream.write(Multistream.encodeList(supported))
            } else {
                try await reader.stream.write(Multistream.encode(Multistream.notAvailable))
            }
        }
        throw Libp2pTransportError.negotiation("more than \(maximumProposals) proposals on one stream")
    }
}
