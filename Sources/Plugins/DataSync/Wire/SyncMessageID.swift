import Primitives

/// The id of one MVDS message (wire-facts §4.2): SHA-256("MESSAGE_ID" ‖ group_id ‖ LE64(uint64(timestamp)) ‖ body).
///
/// It exists so ids travel as a validated 32-byte value: ACK, OFFER and REQUEST lists on the wire are plain
/// `bytes`, and anything that is not exactly 32 bytes long is not an id this protocol ever produced.
public struct SyncMessageID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 bytes; `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self.bytes = Array(bytes)
    }

    /// The id of a message with these fields (wire-facts §4.2, errata #21: the timestamp is little-endian).
    public init(groupID: SyncGroupID, timestamp: Int64, body: some Collection<UInt8>) {
        let stamp = UInt64(bitPattern: timestamp)
        var material = Array("MESSAGE_ID".utf8)
        material.reserveCapacity(material.count + groupID.bytes.count + 8 + body.count)
        material += groupID.bytes
        material += (0..<8).map { UInt8(truncatingIfNeeded: stamp >> (8 * UInt64($0))) }
        material += body
        self.bytes = SHA2.sha256(material)
    }

    /// Lexicographic byte order, so sorted output is deterministic.
    public static func < (lhs: SyncMessageID, rhs: SyncMessageID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// Lower-case hex of the first 4 bytes and an ellipsis, as the logs of status-go show ids.
    public var description: String { Hex.encode(bytes.prefix(4)) + "…" }

    /// The full lower-case hex.
    public var hex: String { Hex.encode(bytes) }
}
