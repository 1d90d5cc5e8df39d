import Foundation

/// The profile's discovery budget over a sliding minute: lookups started and bytes moved (in + out).
struct DiscoveryBudget: Sendable {
    let lookupsPerMinute: Int
    let bytesPerMinute: Int
    private var lookups: [Date] = []
    private var byteMarks: [(Date, UInt64)] = []

    init(lookupsPerMinute: Int, bytesPerMinute: Int) {
        self.lookupsPerMinute = lookupsPerMinute
        self.bytesPerMinute = bytesPerMinute
    }

    /// Records the running byte total; returns whether another lookup fits the budget now.
    mutating func allowsLookup(now: Date, totalBytes: UInt64) -> Bool {
        lookups.removeAll { now.timeIntervalSince($0) >= 60 }
        byteMarks.append((now, totalBytes))
        byteMarks.removeAll { now.timeIntervalSince($0.0) > 60 }
        let spent = totalBytes - (byteMarks.first?.1 ?? totalBytes)
        return lookups.count < lookupsPerMinute && spent < UInt64(bytesPerMinute)
    }

    mutating func noteLookup(now: Date) { lookups.append(now) }
}
