// An in-memory libp2p stream for the targets that run the transport's own stream readers (multistream
// negotiation, `/rend/0.1.0` and varint framing). `MuxedStream` is internal to Libp2p, reached through
// @testable, which only a debug build allows; a release build of the package leaves these targets out.
#if DEBUG
import Foundation
@testable import Libp2p

/// A muxed stream whose peer sent `chunks` and then closed its side; what this side writes is kept
/// (bounded) so negotiation answers are produced as on a real stream. No socket, no muxer.
final class FuzzMuxedStream: MuxedStream, @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [[UInt8]]
    private var writtenBytes: [UInt8] = []

    /// The peer's bytes, delivered `chunkSize` at a time (0: all at once).
    init(_ bytes: [UInt8], chunkSize: Int) {
        guard chunkSize > 0, !bytes.isEmpty else {
            chunks = bytes.isEmpty ? [] : [bytes]
            return
        }
        chunks = stride(from: 0, to: bytes.count, by: chunkSize).map { Array(bytes[$0..<min(bytes.count, $0 + chunkSize)]) }
    }

    var written: [UInt8] { locked { writtenBytes } }

    func read() async -> [UInt8]? {
        locked { chunks.isEmpty ? nil : chunks.removeFirst() }
    }

    func write(_ bytes: [UInt8]) async throws {
        locked { if writtenBytes.count < 1 << 16 { writtenBytes += bytes } }
    }

    func closeWrite() async {}
    func reset() async { locked { chunks.removeAll() } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
#endif
