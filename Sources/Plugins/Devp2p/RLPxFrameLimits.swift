/// The largest frame a session accepts in each phase, checked against the size in a frame's header
/// before its body is buffered (wire-facts §1.3): the Hello phase only carries a Hello or a Disconnect;
/// once capabilities are negotiated, a frame holds one message of the capability with the largest
/// limit (snappy-compressed when the peer speaks p2p v5), never more than `max-frame-bytes`.
struct RLPxFrameLimits: Equatable {
    /// `rlp(message id)` takes at most 9 bytes.
    static let messageIDOverhead = 9
    /// Payload limit of base-protocol messages after the Hello (Disconnect, Ping, Pong).
    static let baseMessageMaximumSize = 1024

    /// Largest frame in the Hello phase (a Hello is never compressed).
    static func helloPhase(maximumFrame: Int) -> Int {
        min(maximumFrame, messageIDOverhead + BaseMessage.helloMaximumSize)
    }

    /// Largest message payload any capability of `table` accepts.
    static func largestMessage(table: CapabilityTable, maximumFrame: Int) -> Int {
        table.entries.map { $0.maximumMessageSize ?? maximumFrame }.max() ?? 0
    }

    /// Largest frame once `table` is negotiated.
    static func active(table: CapabilityTable, snappy: Bool, maximumFrame: Int) -> Int {
        let payload = max(largestMessage(table: table, maximumFrame: maximumFrame), baseMessageMaximumSize)
        let onWire = snappy ? maximumCompressedLength(payload) : payload
        return min(maximumFrame, messageIDOverhead + onWire)
    }

    /// snappy's worst case for `length` input bytes (`snappy_max_compressed_length`).
    static func maximumCompressedLength(_ length: Int) -> Int { 32 + length + length / 6 }

    /// Largest decoded payload of message `code` (absolute wire code) on a session with `table`.
    static func payloadLimit(code: UInt64, table: CapabilityTable, maximumFrame: Int) -> Int {
        guard code >= BaseMessage.firstCapabilityCode else { return baseMessageMaximumSize }
        guard let (entry, _) = table.lookup(wireCode: code) else { return maximumFrame }
        return entry.maximumMessageSize ?? maximumFrame
    }

    /// Bytes a session may hold unprocessed: one frame header and the padded body and MAC of the
    /// largest frame, plus one socket read that may already carry the next frame's start.
    static func bufferBudget(frameLimit: Int) -> Int {
        RLPxFrameCodec.headerSize + (frameLimit + 15) / 16 * 16 + 16 + socketReadAllowance
    }

    /// The most one socket read delivers (NIO's adaptive allocator tops out at 64 KiB).
    static let socketReadAllowance = 64 * 1024
}
