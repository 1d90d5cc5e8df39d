import Foundation
import Primitives

extension Discv5Service {
    /// Re-announces our record after it changed (new seq): PINGs up to `limit` live table entries, most
    /// recently seen first. A PING carries our seq, and a node holding an older record of ours asks for the
    /// new one (FINDNODE at distance 0, discv5-wire.md "PING"). Returns how many answered.
    @discardableResult
    public func announce(limit: Int = 16) async -> Int {
        let targets = table.entries.sorted { $0.lastSeen > $1.lastSeen }.prefix(limit).map(\.record)
        var answered = 0
        await withTaskGroup(of: Bool.self) { group in
            for record in targets { group.addTask { (try? await self.ping(record)) != nil } }
            for await ok in group where ok { answered += 1 }
        }
        return answered
    }
}
