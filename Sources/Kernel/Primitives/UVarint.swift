/// Unsigned LEB128 varints (7 bits per byte, high bit = continue) as multiformats and libp2p use
/// them for length prefixes and multicodec/multiaddr codes (wire-facts §0.7).
public enum UVarint {
    /// Longest encoding of a `UInt64`.
    public static let maxLength = 10

    /// The minimal encoding of `value`.
    public static func encode(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
        return out
    }

    /// Decodes a varint from the start of `bytes`.
    /// - Parameter minimal: reject non-minimal encodings (a trailing `00` continuation byte), as the
    ///   multiformats unsigned-varint spec requires. Default `true`.
    /// - Returns: the value and how many bytes it took.
    public static func decode(_ bytes: some Collection<UInt8>, minimal: Bool = true) throws -> (value: UInt64, consumed: Int) {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var consumed = 0
        for byte in bytes {
            consumed += 1
            if consumed > maxLength { throw UVarintError.overflow }
            let payload = UInt64(byte & 0x7f)
            if shift == 63 && payload > 1 { throw UVarintError.overflow }
            value |= payload << shift
            if byte & 0x80 == 0 {
                if minimal && byte == 0 && consumed > 1 { throw UVarintError.nonMinimal }
                return (value, consumed)
            }
            shift += 7
        }
        throw UVarintError.truncated
    }
}

/// Why bytes are not a valid varint.
public enum UVarintError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended while the continuation bit was still set.
    case truncated
    /// More than 64 bits.
    case overflow
    /// Padded with a needless `00` final byte.
    case nonMinimal

    public var description: String {
        switch self {
        case .truncated: return "varint is truncated: the last byte still has its continuation bit set"
        case .overflow: return "varint does not fit in 64 bits"
        case .nonMinimal: return "varint is not minimally encoded (ends with a 0x00 continuation byte)"
        }
    }
}
