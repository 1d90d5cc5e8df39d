import Primitives

/// A data-sync peer (wire-facts §4.2): the peer's identity key as pub65 (`04 ‖ X ‖ Y`), status-go
/// `PublicKeyToPeerID`. MVDS state is kept per (message, peer), so this is the key of every record.
public struct SyncPeerID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 65 bytes `04 ‖ X ‖ Y`.
    public let bytes: [UInt8]

    /// The peer id of an identity key.
    public init(_ key: PublicKey) { bytes = key.uncompressed }

    /// Parses a stored or received peer id; `nil` unless it is a valid uncompressed secp256k1 key.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 65, let key = try? PublicKey(bytes: bytes) else { return nil }
        self.bytes = key.uncompressed
    }

    /// A peer id read back from this module's own store: length-checked, not re-parsed as a curve point.
    init?(storedBytes: [UInt8]) {
        guard storedBytes.count == 65, storedBytes[0] == 0x04 else { return nil }
        bytes = storedBytes
    }

    /// The identity key.
    public var publicKey: PublicKey? { try? PublicKey(bytes: bytes) }

    /// Byte order, so per-peer output is deterministic.
    public static func < (lhs: SyncPeerID, rhs: SyncPeerID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// `0x04` plus the first 4 bytes of X and an ellipsis.
    public var description: String { Hex.encode(bytes.prefix(5)) + "…" }
}
