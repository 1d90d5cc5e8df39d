import Primitives

/// The identity of an envelope: `keccak256` of its RLP encoding as received (wire-facts §2.3).
///
/// Relays deduplicate by it, stores index by it, `MessageResponse` reports per-envelope errors by
/// it and mailserver requests use it as the request id. Stored as four words so sets and
/// dictionaries of millions of hashes cost no per-entry heap allocation.
public struct EnvelopeHash: Sendable, Hashable, Comparable {
    /// Length of the hash in bytes.
    public static let byteCount = 32

    private let w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// Wraps exactly 32 bytes; `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        let array = Array(bytes)
        func word(_ index: Int) -> UInt64 {
            var value: UInt64 = 0
            for offset in 0..<8 { value = value << 8 | UInt64(array[index * 8 + offset]) }
            return value
        }
        (w0, w1, w2, w3) = (word(0), word(1), word(2), word(3))
    }

    /// `keccak256(encoding)`.
    init(hashing encoding: some Collection<UInt8>) {
        // Keccak256 always returns 32 bytes.
        self = EnvelopeHash(bytes: Keccak256.hash(encoding))!
    }

    /// The 32 bytes, big-endian.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(Self.byteCount)
        for word in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out
    }

    /// Byte-wise (big-endian) order, the order of the store's keys.
    public static func < (lhs: EnvelopeHash, rhs: EnvelopeHash) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }
}

extension EnvelopeHash: CustomStringConvertible {
    /// `0x` + 64 lower-case hex digits (go-ethereum `common.Hash.Hex()`).
    public var description: String { "0x" + Hex.encode(bytes) }
}
