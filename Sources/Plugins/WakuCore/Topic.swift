import Primitives

/// A Waku v1 topic: 4 bytes that route an envelope (`[4]byte` in status-go, RLP-encoded as a
/// 4-byte string; wire-facts §2.3, §2.7).
///
/// Status derives topics by hashing a string: `Topic(hashing:)` is `keccak256(utf8(s))[0:4]`
/// (Keccak-256, not FIPS SHA3-256 — errata #25). `StatusTopic` builds the strings Status hashes.
public struct Topic: Sendable, Hashable, Comparable {
    /// Length of a topic in bytes.
    public static let byteCount = 4

    /// The unset topic `00000000` (mailserver requests, wire-facts §2.7).
    public static let zero = Topic(0)

    /// The four bytes as one big-endian integer (`bytes[0]` is the most significant).
    public let value: UInt32

    /// A topic from its big-endian integer form, e.g. `Topic(0xf8946aac)`.
    public init(_ value: UInt32) { self.value = value }

    /// A topic from exactly four bytes.
    public init(bytes: some Collection<UInt8>) throws(TopicError) {
        guard bytes.count == Self.byteCount else { throw .wrongLength(bytes.count) }
        self.value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// A topic from 8 hex digits, with or without `0x`.
    public init(hex: String) throws(TopicError) {
        let bytes: [UInt8]
        do { bytes = try Hex.decode(hex) } catch { throw .invalidHex(hex) }
        try self.init(bytes: bytes)
    }

    /// `keccak256(utf8(text))[0:4]` — how status-go turns chat names and key strings into topics.
    public init(hashing text: String) {
        let digest = Keccak256.hash(Array(text.utf8))
        self.value = UInt32(digest[0]) << 24 | UInt32(digest[1]) << 16 | UInt32(digest[2]) << 8 | UInt32(digest[3])
    }

    /// The four bytes, big-endian.
    public var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    /// Byte `index` (0…3) of the topic.
    @inline(__always) func byte(_ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(index & 3)))
    }

    public static func < (lhs: Topic, rhs: Topic) -> Bool { lhs.value < rhs.value }
}

extension Topic: CustomStringConvertible {
    /// `0x` + 8 lower-case hex digits, as status-go prints topics.
    public var description: String { "0x" + Hex.encode(bytes) }
}

/// Why bytes or text are not a topic.
public enum TopicError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A topic is exactly 4 bytes.
    case wrongLength(Int)
    /// The text is not hex.
    case invalidHex(String)

    public var description: String {
        switch self {
        case .wrongLength(let count):
            return "a Waku topic is exactly 4 bytes, got \(count)"
        case .invalidHex(let text):
            return "a Waku topic is 8 hex digits (optionally 0x-prefixed), got \"\(text)\""
        }
    }
}
