import Foundation
import Kernel
import Libp2pCore
import Primitives

/// `/ipfs/ping/1.0.0` (libp2p/specs ping): the dialer writes 32 random bytes, the listener echoes them.
enum PingService {
    static let protocolID = "/ipfs/ping/1.0.0"
    static let size = 32

    /// Echoes every 32-byte ping until the peer closes its side.
    static func answer(_ reader: inout StreamReader) async throws {
        while let ping = try await reader.exactly(size) {
            try await reader.stream.write(ping)
        }
    }

    static func roundTrip(_ reader: inout StreamReader, clock: any NodeClock) async throws -> Duration {
        let ping = SecureRandom.bytes(size)
        let start = clock.now()
        try await reader.stream.write(ping)
        guard let pong = try await reader.exactly(size) else { throw NetworkError.closed }
        guard pong == ping else { throw Libp2pTransportError.negotiation("ping answered with different bytes") }
        return .nanoseconds(Int64(clock.now().timeIntervalSince(start) * 1e9))
    }
}

/// Identify records on streams: go-libp2p and py-libp2p write one varint-length-prefixed message;
/// a bare message (older peers) is accepted too.
enum IdentifyService {
    static func delimited(_ record: IdentifyMessage) -> [UInt8] {
        let body = record.bytes
        return UVarint.encode(UInt64(body.count)) + body
    }

    static func read(_ reader: inout StreamReader) async throws -> IdentifyMessage {
        let all = try await reader.untilEnd(limit: IdentifyMessage.maximumSize + UVarint.maxLength)
        if let (length, used) = try? UVarint.decode(all), Int(length) == all.count - used {
            return try IdentifyMessage(decoding: Array(all[used...]))
        }
        return try IdentifyMessage(decoding: all)
    }
}
