import Foundation
import WakuCore

/// Catching up after being offline: every listened topic is asked of store peers from the last time
/// this node fetched (at most 30 days back); envelopes come back through the normal receive path and
/// duplicates are dropped by message id.
extension Messenger {
    /// Fetches history since the last successful fetch, up to `now` (default: the node's clock); returns
    /// the number of envelopes received.
    @discardableResult
    public func catchUp(now: Date? = nil) async throws -> Int {
        guard let history else { return 0 }
        let to = UInt32((now ?? clock.now()).timeIntervalSince1970)
        let stored = (try? await database.setting("history-fetched")).flatMap { UInt32(String(decoding: $0, as: UTF8.self)) }
        let from = max(stored.map { $0 &- 60 } ?? to &- 86_400, to &- 30 * 86_400)
        let topics = filterTopics.sorted()
        guard !topics.isEmpty else { return 0 }
        var count = 0
        // Mailservers answer at most one day per request (status-react's window).
        var start = from
        while start < to {
            let end = min(start + 86_400, to + 60)
            count += try await history.fetchAll(HistoryQuery(from: start, to: end, topics: topics)).count
            start = end
        }
        try await database.setSetting("history-fetched", Array(String(to).utf8))
        trace("history", "fetched \(count) envelope(s) on \(topics.count) topic(s) from a store peer since \(Date(timeIntervalSince1970: Double(from)))")
        return count
    }
}
