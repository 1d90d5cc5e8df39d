/// A 64-byte (512-bit) Waku bloom filter of topics (wire-facts §2.4, status-go `TopicToBloom`).
///
/// One topic sets (at most) three bits: for `j` in 0…2, index `topic[j] + 256·bit_j(topic[3])`.
/// status-go **assigns** each bit's byte (`b[i/8] = 1 << (i%8)`) instead of OR-ing it (errata #14):
/// when two indices share a byte, only the later one survives. `Bloom(topic:)` reproduces that
/// exactly, because peers compare our filters against theirs bit for bit.
///
/// A filter for several topics (what a node advertises, what a history request carries) is the
/// plain OR of the per-topic filters (`Bloom(topics:)`, `union`): the quirk lives only inside one topic.
public struct Bloom: Sendable, Hashable {
    /// Filter length in bytes.
    public static let byteCount = WakuConstants.bloomByteCount

    /// The 64 bytes.
    public let bytes: [UInt8]

    /// Matches nothing.
    public static let empty = Bloom(unchecked: [UInt8](repeating: 0, count: byteCount))
    /// Matches everything: what a full node advertises (status-go default when the option is missing).
    public static let full = Bloom(unchecked: [UInt8](repeating: 0xff, count: byteCount))

    private init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// A filter from exactly 64 bytes.
    public init(bytes: some Collection<UInt8>) throws(BloomError) {
        guard bytes.count == Self.byteCount else { throw .wrongLength(bytes.count) }
        self.bytes = Array(bytes)
    }

    /// The filter of one topic, with status-go's assignment quirk.
    public init(topic: Topic) {
        var bytes = [UInt8](repeating: 0, count: Self.byteCount)
        let high = topic.byte(3)
        for j in 0..<3 {
            let index = Int(topic.byte(j)) + (high & (1 << j) != 0 ? 256 : 0)
            bytes[index / 8] = 1 << (index % 8)   // assignment, not OR (errata #14)
        }
        self.bytes = bytes
    }

    /// The OR of the filters of `topics` (empty for no topics).
    public init(topics: some Sequence<Topic>) {
        var bytes = [UInt8](repeating: 0, count: Self.byteCount)
        for topic in topics {
            let single = Bloom(topic: topic)
            for i in 0..<Self.byteCount { bytes[i] |= single.bytes[i] }
        }
        self.bytes = bytes
    }

    /// Bitwise OR of two filters.
    public func union(_ other: Bloom) -> Bloom {
        Bloom(unchecked: zip(bytes, other.bytes).map { $0 | $1 })
    }

    /// `true` if every bit of `sample` is set in `self` — status-go `BloomFilterMatch(filter, sample)`.
    public func matches(_ sample: Bloom) -> Bool {
        for i in 0..<Self.byteCount where bytes[i] | sample.bytes[i] != bytes[i] { return false }
        return true
    }

    /// `true` if an envelope on `topic` passes this filter.
    public func matches(topic: Topic) -> Bool { matches(Bloom(topic: topic)) }

    /// `true` if every bit is set.
    public var isFull: Bool { bytes.allSatisfy { $0 == 0xff } }

    /// `true` if no bit is set.
    public var isEmpty: Bool { bytes.allSatisfy { $0 == 0 } }
}

/// Why bytes are not a bloom filter.
public enum BloomError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A bloom filter is exactly 64 bytes.
    case wrongLength(Int)

    public var description: String {
        switch self {
        case .wrongLength(let count): return "a Waku bloom filter is exactly 64 bytes, got \(count)"
        }
    }
}
