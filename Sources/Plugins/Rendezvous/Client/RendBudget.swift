import Foundation

/// The profile's discovery budget over a sliding minute: DISCOVER requests sent and the bytes those exchanges
/// moved (request + response). Registrations are not budgeted and do not spend it: they keep this node findable
/// and cost one small message per topic per period; counting them would let a short re-registration period
/// starve discovery altogether.
struct RendBudget: Sendable {
    let discoversPerMinute: Int
    let bytesPerMinute: Int
    private var discovers: [Date] = []
    private var spent: [(at: Date, bytes: UInt64)] = []

    init(discoversPerMinute: Int, bytesPerMinute: Int) {
        self.discoversPerMinute = discoversPerMinute
        self.bytesPerMinute = bytesPerMinute
    }

    /// Whether another DISCOVER fits the last minute's budget at `now`.
    mutating func allowsDiscover(now: Date) -> Bool {
        discovers.removeAll { now.timeIntervalSince($0) >= 60 }
        spent.removeAll { now.timeIntervalSince($0.at) >= 60 }
        return discovers.count < discoversPerMinute && spentBytes < UInt64(bytesPerMinute)
    }

    /// The bytes of DISCOVER exchanges in the sliding minute.
    var spentBytes: UInt64 { spent.reduce(0) { $0 + $1.bytes } }

    mutating func noteDiscover(now: Date) { discovers.append(now) }

    /// Charges a finished DISCOVER exchange's bytes to the minute it started in.
    mutating func charge(_ bytes: UInt64, at start: Date) { spent.append((start, bytes)) }
}
