import Foundation

/// The profile's discovery budget over a sliding minute: DISCOVER requests sent and bytes moved (in + out).
/// Registrations are not budgeted: they keep this node findable and cost one small message per topic per period.
struct RendBudget: Sendable {
    let discoversPerMinute: Int
    let bytesPerMinute: Int
    private var discovers: [Date] = []
    private var byteMarks: [(Date, UInt64)] = []

    init(discoversPerMinute: Int, bytesPerMinute: Int) {
        self.discoversPerMinute = discoversPerMinute
        self.bytesPerMinute = bytesPerMinute
    }

    /// Records the running byte total; returns whether another DISCOVER fits the budget now.
    mutating func allowsDiscover(now: Date, totalBytes: UInt64) -> Bool {
        discovers.removeAll { now.timeIntervalSince($0) >= 60 }
        byteMarks.append((now, totalBytes))
        byteMarks.removeAll { now.timeIntervalSince($0.0) > 60 }
        let spent = totalBytes - (byteMarks.first?.1 ?? totalBytes)
        return discovers.count < discoversPerMinute && spent < UInt64(bytesPerMinute)
    }

    mutating func noteDiscover(now: Date) { discovers.append(now) }
}
