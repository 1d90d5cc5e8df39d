import Primitives

/// The group an MVDS message belongs to: the set of peers it is shared with (wire-facts §4.2).
///
/// status-go only ever uses 1:1 group ids, even for private group chats (it sends to each member over
/// that member's 1:1 group), so a locally made id is 32 bytes. A received message may carry any bytes: the
/// id covers them as they are, so this keeps them as they are.
public struct SyncGroupID: Sendable, Hashable, CustomStringConvertible {
    /// The group id as it appears on the wire.
    public let bytes: [UInt8]

    /// Wraps wire bytes unchanged.
    public init(bytes: some Collection<UInt8>) { self.bytes = Array(bytes) }

    /// The 1:1 group of two identities: keccak256(pub33(k1) ‖ pub33(k2)) with k1 the key whose X coordinate
    /// is smaller (big-endian compare of the 32-byte X), as status-go `ToOneToOneGroupID`. The order of the
    /// arguments does not matter; for equal X (the same key) the order is immaterial too.
    public static func oneToOne(_ a: PublicKey, _ b: PublicKey) -> SyncGroupID {
        let (first, second) = Self.xCoordinate(of: a).lexicographicallyPrecedes(Self.xCoordinate(of: b)) ? (a, b) : (b, a)
        return SyncGroupID(bytes: Keccak256.hash(first.compressed + second.compressed))
    }

    /// Lower-case hex of the first 4 bytes and an ellipsis.
    public var description: String { Hex.encode(bytes.prefix(4)) + "…" }

    private static func xCoordinate(of key: PublicKey) -> ArraySlice<UInt8> { key.raw64[0..<32] }
}
