import Libp2pCore
import NIOCore

/// Buffered reads from a connection's inbound bytes: raw (multistream, Noise handshake) or, once a
/// Noise transport is set, decrypted. Owned by the one task that reads the connection.
///
/// Both buffers are consumed by index, not by removing from their front: `raw` is a `ByteBuffer` whose
/// reader index moves past each Noise frame (opened straight from the received bytes), and `plain` is read
/// from `plainStart` and compacted only when it is used up or its consumed head grows large.
struct ByteSource {
    /// Bytes buffered without completing a message before the peer is cut off.
    static let bufferLimit = 1 << 20
    /// Consumed bytes `plain` may keep at its head before it is compacted.
    static let compactionThreshold = 1 << 16

    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var raw = ByteBuffer()
    var noise: NoiseTransport?
    var plain: [UInt8] = []
    /// Bytes of `plain` before this index are consumed.
    var plainStart = 0

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    /// Reads until `decode` takes a value off the raw buffer (which it sees as an array).
    mutating func raw<T>(_ stage: String, _ decode: (inout [UInt8]) throws -> T?) async throws -> T {
        while true {
            var bytes = Array(raw.readableBytesView)
            let value = try decode(&bytes)
            raw.moveReaderIndex(forwardBy: raw.readableBytes - bytes.count)
            if let value { return value }
            guard raw.readableBytes < Self.bufferLimit else { throw Libp2pTransportError.bufferOverflow(raw.readableBytes) }
            guard let chunk = try await iterator.next() else { throw Libp2pTransportError.closedDuringHandshake(stage) }
            append(chunk)
        }
    }

    /// Reads one Noise frame body off the raw stream.
    mutating func noiseFrame(_ stage: String) async throws -> [UInt8] {
        try await raw(stage) { NoiseFrame.decode(&$0) }
    }

    /// Reads and decrypts until `decode` takes a value off the plaintext; nil at end of stream.
    mutating func secure<T>(_ decode: (inout [UInt8]) throws -> T?) async throws -> T? {
        try await secure(indexed: { buffer, start in
            // Decoders that remove from the front see the unconsumed bytes only.
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            return try decode(&buffer)
        })
    }

    /// Reads and decrypts until `decode` reads a value from the plaintext at `start` (moving `start` past
    /// it); nil at end of stream.
    mutating func secure<T>(indexed decode: (inout [UInt8], inout Int) throws -> T?) async throws -> T? {
        while true {
            if let value = try buffered(decode) { return value }
            guard let chunk = try await iterator.next() else { return nil }
            append(chunk)
        }
    }

    /// A value from what has already arrived (decrypting whole Noise frames as needed), without waiting
    /// for more bytes; nil if the buffered bytes do not complete one.
    mutating func buffered<T>(_ decode: (inout [UInt8], inout Int) throws -> T?) throws -> T? {
        while true {
            if let value = try decode(&plain, &plainStart) { return value }
            let unread = plain.count - plainStart
            guard unread < Self.bufferLimit else { throw Libp2pTransportError.bufferOverflow(unread) }
            guard try openFrame() else { return nil }
        }
    }

    /// Decrypts one complete Noise frame from `raw` onto `plain`; false if none is complete yet.
    private mutating func openFrame() throws -> Bool {
        guard let length = raw.getInteger(at: raw.readerIndex, as: UInt16.self), raw.readableBytes >= 2 + Int(length) else {
            return false
        }
        raw.moveReaderIndex(forwardBy: 2)
        let body = raw.readSlice(length: Int(length))!
        if plainStart == plain.count {
            plain.removeAll(keepingCapacity: true)
            plainStart = 0
        } else if plainStart >= Self.compactionThreshold {
            plain.removeFirst(plainStart)
            plainStart = 0
        }
        guard var transport = noise else { throw Libp2pTransportError.negotiation("encrypted read before the Noise handshake") }
        var out: [UInt8] = []
        swap(&out, &plain)
        defer {
            swap(&out, &plain)
            noise = transport
        }
        try body.withUnsafeReadableBytes { frame in
            try transport.open(frame) { out.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
        }
        return true
    }

    /// Adds a received chunk behind what is still unread.
    private mutating func append(_ chunk: ByteBuffer) {
        if raw.readableBytes == 0 {
            raw = chunk
            return
        }
        if raw.readerIndex >= Self.compactionThreshold { raw.discardReadBytes() }
        var chunk = chunk
        raw.writeBuffer(&chunk)
    }
}
