import Libp2pCore
import Primitives

/// Buffered message reads from one muxed stream (multistream lines, varint-prefixed messages).
/// Used by one task at a time.
struct StreamReader {
    let stream: any MuxedStream
    var buffer: [UInt8] = []

    init(_ stream: any MuxedStream) { self.stream = stream }

    /// Reads until `decode` takes a value off the buffer; nil if the stream ended first.
    mutating func next<T>(limit: Int, _ decode: (inout [UInt8]) throws -> T?) async throws -> T? {
        while true {
            if let value = try decode(&buffer) { return value }
            guard buffer.count <= limit else { throw Libp2pTransportError.bufferOverflow(buffer.count) }
            guard let chunk = await stream.read() else { return nil }
            buffer += chunk
        }
    }

    /// Exactly `count` bytes, or nil at end of stream.
    mutating func exactly(_ count: Int) async throws -> [UInt8]? {
        try await next(limit: count) { buffer in
            guard buffer.count >= count else { return nil }
            defer { buffer.removeFirst(count) }
            return Array(buffer.prefix(count))
        }
    }

    /// One `uvarint(length) ‖ body` message no longer than `limit`, or nil at end of stream. The length
    /// is checked from the prefix, before the body is buffered.
    mutating func delimited(limit: Int) async throws -> [UInt8]? {
        try await next(limit: limit + UVarint.maxLength) { buffer in
            let length: UInt64, used: Int
            do { (length, used) = try UVarint.decode(buffer) } catch UVarintError.truncated {
                return nil
            }
            guard length <= UInt64(limit) else { throw Libp2pTransportError.messageTooLarge(Int(clamping: length), limit: limit) }
            guard buffer.count >= used + Int(length) else { return nil }
            defer { buffer.removeFirst(used + Int(length)) }
            return Array(buffer[used..<used + Int(length)])
        }
    }

    /// Everything until the peer closes its side (bounded).
    mutating func untilEnd(limit: Int) async throws -> [UInt8] {
        while let chunk = await stream.read() {
            buffer += chunk
            guard buffer.count <= limit else { throw Libp2pTransportError.bufferOverflow(buffer.count) }
        }
        defer { buffer.removeAll() }
        return buffer
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
