import Libp2pCore
import NIOCore

/// Buffered reads from a connection's inbound bytes: raw (multistream, Noise handshake) or, once a
/// Noise transport is set, decrypted. Owned by the one task that reads the connection.
struct ByteSource {
    /// Bytes buffered without completing a message before the peer is cut off.
    static let bufferLimit = 1 << 20

    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var raw: [UInt8] = []
    var noise: NoiseTransport?
    var plain: [UInt8] = []

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    /// Reads until `decode` takes a value off the raw buffer.
    mutating func raw<T>(_ stage: String, _ decode: (inout [UInt8]) throws -> T?) async throws -> T {
        while true {
            if let value = try decode(&raw) { return value }
            guard raw.count < Self.bufferLimit else { throw Libp2pTransportError.bufferOverflow(raw.count) }
            guard let chunk = try await iterator.next() else { throw Libp2pTransportError.closedDuringHandshake(stage) }
            raw += chunk.readableBytesView
        }
    }

    /// Reads one Noise frame body off the raw stream.
    mutating func noiseFrame(_ stage: String) async throws -> [UInt8] {
        try await raw(stage) { NoiseFrame.decode(&$0) }
    }

    /// Reads and decrypts until `decode` takes a value off the plaintext; nil at end of stream.
    mutating func secure<T>(_ decode: (inout [UInt8]) throws -> T?) async throws -> T? {
        while true {
            if let value = try decode(&plain) { return value }
            guard plain.count < Self.bufferLimit else { throw Libp2pTransportError.bufferOverflow(plain.count) }
            if let body = NoiseFrame.decode(&raw) {
                plain += try noise!.open(body)
                continue
            }
            guard let chunk = try await iterator.next() else { return nil }
            raw += chunk.readableBytesView
        }
    }
}
