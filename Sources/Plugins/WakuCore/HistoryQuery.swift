import Primitives

/// A history request to a store peer (wire-facts §2.10.2, mailserver `MessagesRequestPayload`):
/// envelopes sent in `[from, to]` on `topics` (or matching `bloom`), at most `limit` per page,
/// continuing after `cursor`.
public struct HistoryQuery: Sendable, Equatable {
    /// Lower bound of `sent` (unix seconds, inclusive).
    public var from: UInt32
    /// Upper bound of `sent` (unix seconds, inclusive).
    public var to: UInt32
    /// Topics wanted; empty → use `bloom`.
    public var topics: [Topic]
    /// Bloom filter wanted when `topics` is empty; `nil` → the OR of the topics' filters.
    public var bloom: Bloom?
    /// Envelopes per page, 1…1000; 0 means 1000.
    public var limit: UInt32
    /// Continue after this position (from the previous page); `nil` for the first page.
    public var cursor: HistoryCursor?

    public init(from: UInt32, to: UInt32, topics: [Topic], bloom: Bloom? = nil, limit: UInt32 = WakuConstants.maxHistoryLimit,
                cursor: HistoryCursor? = nil) {
        self.from = from
        self.to = to
        self.topics = topics
        self.bloom = bloom
        self.limit = limit
        self.cursor = cursor
    }

    /// The page size a store applies: `limit`, or 1000 for 0.
    public var effectiveLimit: UInt32 { limit == 0 ? WakuConstants.maxHistoryLimit : limit }

    /// The bloom filter sent on the wire: `bloom`, or the OR of the topics' filters.
    public var effectiveBloom: Bloom { bloom ?? Bloom(topics: topics) }

    /// Checks the request as a status-go mailserver does: `to ≥ from`, `limit ≤ 1000`, and some
    /// topic or a non-empty bloom filter.
    public func validate() throws(HistoryQueryError) {
        guard to >= from else { throw .invalidTimeRange(from: from, to: to) }
        guard limit <= WakuConstants.maxHistoryLimit else { throw .limitTooLarge(limit) }
        guard !topics.isEmpty || !effectiveBloom.isEmpty else { throw .noTopics }
    }

    /// `true` if a store should return `envelope` for this query (ignoring the cursor): sent within
    /// the range and on one of the topics (or matching the bloom filter when there are no topics).
    public func matches(_ envelope: Envelope) -> Bool {
        let sent = envelope.sent
        guard sent >= from && sent <= to else { return false }
        return topics.isEmpty ? effectiveBloom.matches(topic: envelope.topic) : topics.contains(envelope.topic)
    }
}

/// A position in a store's archive: `BE32(sent) ‖ envelope hash`, 36 bytes (wire-facts §2.10.1).
/// Ordered like the store's keys.
public struct HistoryCursor: Sendable, Hashable, Comparable {
    /// `sent` of the last envelope returned.
    public let sent: UInt32
    /// Hash of the last envelope returned.
    public let hash: EnvelopeHash

    public init(sent: UInt32, hash: EnvelopeHash) {
        self.sent = sent
        self.hash = hash
    }

    /// The cursor of `envelope`.
    public init(after envelope: Envelope) { self.init(sent: envelope.sent, hash: envelope.hash) }

    /// Parses 36 bytes from the wire.
    public init(bytes: some Collection<UInt8>) throws(HistoryQueryError) {
        let raw = Array(bytes)
        guard raw.count == WakuConstants.historyCursorLength, let hash = EnvelopeHash(bytes: raw[4...]) else {
            throw .badCursor(length: raw.count)
        }
        self.sent = raw[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        self.hash = hash
    }

    /// The 36 wire bytes.
    public var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: sent >> 24), UInt8(truncatingIfNeeded: sent >> 16),
         UInt8(truncatingIfNeeded: sent >> 8), UInt8(truncatingIfNeeded: sent)] + hash.bytes
    }

    public static func < (lhs: HistoryCursor, rhs: HistoryCursor) -> Bool {
        (lhs.sent, lhs.hash) < (rhs.sent, rhs.hash)
    }
}

/// One page of history.
public struct HistoryPage: Sendable {
    /// The envelopes, in the store's order.
    public let envelopes: [Envelope]
    /// Where the next page starts; `nil` when the query is exhausted.
    public let cursor: HistoryCursor?

    public init(envelopes: [Envelope], cursor: HistoryCursor?) {
        self.envelopes = envelopes
        self.cursor = cursor
    }
}

/// Why a history query is invalid (a store answers these with an error completion).
public enum HistoryQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `to` is before `from`.
    case invalidTimeRange(from: UInt32, to: UInt32)
    /// More than 1000 envelopes per page were asked for.
    case limitTooLarge(UInt32)
    /// Neither topics nor a non-empty bloom filter.
    case noTopics
    /// A cursor is empty or exactly 36 bytes.
    case badCursor(length: Int)

    public var description: String {
        switch self {
        case .invalidTimeRange(let from, let to):
            return "history query upper bound \(to) is before the lower bound \(from)"
        case .limitTooLarge(let limit):
            return "history query limit \(limit) is too large; at most 1000 envelopes per page"
        case .noTopics:
            return "history query needs topics or a non-empty bloom filter"
        case .badCursor(let length):
            return "history cursor must be 36 bytes (BE32 sent ‖ envelope hash), got \(length)"
        }
    }
}
