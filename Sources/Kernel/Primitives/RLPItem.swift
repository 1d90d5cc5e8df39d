/// One value of Ethereum's Recursive Length Prefix encoding: a byte string or a list of items
/// (wire-facts §0.2). Every devp2p, discovery, ENR and Waku v1 structure is built from these.
///
/// Integers are byte strings holding the minimal big-endian representation (0 is the empty
/// string); use `.uint(_:)` to build them and `asUInt64()` to read them canonically.
public indirect enum RLPItem: Sendable, Equatable, Hashable {
    case bytes([UInt8])
    case list([RLPItem])

    /// A canonical RLP integer: minimal big-endian bytes, `0` → empty string (`80`).
    public static func uint(_ value: UInt64) -> RLPItem {
        .bytes(minimalBigEndian(value))
    }

    /// A canonical RLP integer from big-endian bytes of any width (leading zeros are stripped).
    public static func uint(bigEndian bytes: some Collection<UInt8>) -> RLPItem {
        .bytes(Array(bytes.drop { $0 == 0 }))
    }

    /// A UTF-8 string.
    public static func string(_ text: String) -> RLPItem { .bytes(Array(text.utf8)) }

    /// Go's `bool` encoding: true → `01`, false → `80`.
    public static func bool(_ value: Bool) -> RLPItem { .bytes(value ? [1] : []) }

    /// The byte string, or `RLPError.expectedBytes` for a list.
    public func asBytes() throws -> [UInt8] {
        guard case .bytes(let bytes) = self else { throw RLPError.expectedBytes }
        return bytes
    }

    /// The byte string, which must be exactly `count` bytes long (fixed arrays such as `[32]byte`).
    public func asBytes(count: Int) throws -> [UInt8] {
        let bytes = try asBytes()
        guard bytes.count == count else { throw RLPError.wrongLength(expected: count, actual: bytes.count) }
        return bytes
    }

    /// The list's items, or `RLPError.expectedList` for a byte string.
    public func asList() throws -> [RLPItem] {
        guard case .list(let items) = self else { throw RLPError.expectedList }
        return items
    }

    /// Element `index` of a list, or `RLPError.missingElement` if the list is shorter (extra
    /// trailing elements are the caller's to ignore, as devp2p's forward compatibility requires).
    public func element(_ index: Int) throws -> RLPItem {
        let items = try asList()
        guard index >= 0 && index < items.count else { throw RLPError.missingElement(index: index) }
        return items[index]
    }

    /// A canonical unsigned integer of at most 8 bytes (no leading zero bytes).
    public func asUInt64() throws -> UInt64 {
        let bytes = try asBytes()
        guard bytes.count <= 8 else { throw RLPError.integerTooLarge(byteCount: bytes.count, maxBytes: 8) }
        if let first = bytes.first, first == 0 { throw RLPError.integerLeadingZero }
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }

    /// A canonical unsigned integer that must fit `T` (e.g. `UInt16` ports, `UInt8` codes).
    public func asUInt<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type) throws -> T {
        let value = try asUInt64()
        guard let narrowed = T(exactly: value) else {
            throw RLPError.integerTooLarge(byteCount: minimalBigEndian(value).count, maxBytes: T.bitWidth / 8)
        }
        return narrowed
    }

    /// Go's `bool`: `01` → true, `80` (empty) → false; anything else is an error.
    public func asBool() throws -> Bool {
        let bytes = try asBytes()
        switch bytes {
        case []: return false
        case [1]: return true
        default: throw RLPError.invalidBool
        }
    }

    /// The byte string decoded as UTF-8 (invalid UTF-8 is an error, never replaced).
    public func asString() throws -> String {
        let bytes = try asBytes()
        guard let text = validUTF8String(bytes) else { throw RLPError.invalidUTF8 }
        return text
    }

    /// `true` for `.list`.
    public var isList: Bool { if case .list = self { return true } else { return false } }
}

/// Minimal big-endian bytes of `value` (empty for 0).
@inline(__always) func minimalBigEndian(_ value: UInt64) -> [UInt8] {
    guard value != 0 else { return [] }
    let byteCount = (64 - value.leadingZeroBitCount + 7) / 8
    var out = [UInt8](repeating: 0, count: byteCount)
    for i in 0..<byteCount {
        out[byteCount - 1 - i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))
    }
    return out
}

extension RLPItem: CustomStringConvertible {
    /// Hex for byte strings, brackets for lists: `[0x6964, [0x, 0x01]]`.
    public var description: String {
        switch self {
        case .bytes(let bytes): return "0x" + Hex.encode(bytes)
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

extension RLPItem: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: RLPItem...) { self = .list(elements) }
}

extension RLPItem: ExpressibleByStringLiteral {
    /// A string literal is its UTF-8 bytes: `"dog"` → `83646f67`.
    public init(stringLiteral value: String) { self = .bytes(Array(value.utf8)) }
}
