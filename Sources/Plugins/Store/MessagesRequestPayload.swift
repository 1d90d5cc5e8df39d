import Primitives
import WakuCore

/// The mailserver request body (status-go `MessagesRequestPayload`, wire-facts §2.10.2, errata #15):
/// `rlp([Lower uint32, Upper uint32, Bloom(64), Topics [bytes…], Limit uint32, Cursor bytes, Batch bool])`.
public struct MessagesRequestPayload: Sendable, Equatable {
    public var lower: UInt32
    public var upper: UInt32
    public var bloom: Bloom
    public var topics: [Topic]
    public var limit: UInt32
    public var cursor: HistoryCursor?
    public var batch: Bool

    public init(lower: UInt32, upper: UInt32, bloom: Bloom, topics: [Topic], limit: UInt32, cursor: HistoryCursor?, batch: Bool = true) {
        self.lower = lower
        self.upper = upper
        self.bloom = bloom
        self.topics = topics
        self.limit = limit
        self.cursor = cursor
        self.batch = batch
    }

    /// The request for `query` as Parley's client sends it: topics listed and their bloom filter.
    public init(query: HistoryQuery) {
        self.init(lower: query.from, upper: query.to, bloom: query.effectiveBloom, topics: query.topics,
                  limit: query.limit, cursor: query.cursor, batch: true)
    }

    /// The query a server runs, after status-go's defaults: `Upper == 0` → `now + 60`, `Limit == 0` → 1000.
    /// Topics given → those topics; none → the bloom filter.
    public func query(now: UInt32) -> HistoryQuery {
        HistoryQuery(from: lower, to: upper == 0 ? now &+ 60 : upper, topics: topics, bloom: topics.isEmpty ? bloom : nil,
                     limit: limit == 0 ? WakuConstants.maxHistoryLimit : limit, cursor: cursor)
    }

    public func encoded() -> [UInt8] {
        RLP.encode(.list([
            .uint(UInt64(lower)), .uint(UInt64(upper)), .bytes(bloom.bytes), .list(topics.map { .bytes($0.bytes) }),
            .uint(UInt64(limit)), .bytes(cursor?.bytes ?? []), .bool(batch),
        ]))
    }

    /// Decodes the body; extra trailing fields are tolerated (newer clients), missing `Batch` means false.
    public init(decoding bytes: [UInt8]) throws(StoreRequestError) {
        do {
            let fields = try RLP.decodeList(bytes)
            guard fields.count >= 6 else { throw StoreRequestError.malformed("expected at least 6 fields, got \(fields.count)") }
            lower = try fields[0].asUInt(UInt32.self)
            upper = try fields[1].asUInt(UInt32.self)
            let bloomBytes = try fields[2].asBytes()
            bloom = bloomBytes.isEmpty ? .empty : try Bloom(bytes: bloomBytes)
            topics = try fields[3].asList().map { try Topic(bytes: try $0.asBytes()) }
            limit = try fields[4].asUInt(UInt32.self)
            let cursorBytes = try fields[5].asBytes()
            cursor = cursorBytes.isEmpty ? nil : try HistoryCursor(bytes: cursorBytes)
            batch = fields.count > 6 ? try fields[6].asBool() : false
        } catch let error as StoreRequestError {
            throw error
        } catch let error as HistoryQueryError {
            throw StoreRequestError.invalid(error)
        } catch {
            throw StoreRequestError.malformed("\(error)")
        }
    }
}
