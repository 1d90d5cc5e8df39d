/// Median figures of `DataSyncSimulation` for one schedule and loss rate, for the bench and BENCHMARKS.md.
public struct DataSyncFigure: Sendable, Hashable, CustomStringConvertible {
    /// `"parley"` or `"statusGoV062"`.
    public let schedule: String
    public let lossRate: Double
    public let messages: Int
    public let runs: Int
    /// Median epochs until every message was ACKed, over the runs that finished.
    public let medianEpochs: Double
    /// Median payloads both nodes sent.
    public let medianPayloads: Double
    /// Runs that did not finish (expired or hit the epoch cap).
    public let unfinished: Int
    /// Every finished run delivered every message exactly once.
    public let exactlyOnce: Bool

    public var description: String {
        let loss = Int((lossRate * 100).rounded())
        return "\(schedule) \(messages) msgs @ \(loss)% loss: median \(medianEpochs) epochs, \(medianPayloads) payloads "
            + "(\(runs) seeds, \(unfinished) unfinished, exactly-once: \(exactlyOnce))"
    }
}

extension DataSyncSimulation {
    /// Runs every (schedule, loss rate) pair over seeds `1…seeds` and returns the medians: both schedules, in the
    /// order Parley then status-go v0.62 for each loss rate.
    public static func figures(messages: Int = 10, lossRates: [Double] = [0, 0.3, 0.6], seeds: Int = 20,
                               sendSpacing: Int = 1) async throws(DataSyncError) -> [DataSyncFigure] {
        let schedules: [(String, RetransmissionSchedule)] = [("parley", .parley), ("statusGoV062", .statusGoV062)]
        var figures: [DataSyncFigure] = []
        for lossRate in lossRates {
            for (name, schedule) in schedules {
                var epochs: [Int] = [], payloads: [Int] = [], unfinished = 0, exactlyOnce = true
                for seed in 1...UInt64(max(1, seeds)) {
                    let outcome = try await run(Scenario(messages: messages, lossRate: lossRate, seed: seed, schedule: schedule,
                                                         sendSpacing: sendSpacing))
                    payloads.append(outcome.payloadsSent)
                    if let count = outcome.epochsUntilAllAcked {
                        epochs.append(count)
                        exactlyOnce = exactlyOnce && outcome.deliveredExactlyOnce
                    } else {
                        unfinished += 1
                    }
                }
                figures.append(DataSyncFigure(schedule: name, lossRate: lossRate, messages: messages, runs: max(1, seeds),
                                              medianEpochs: median(epochs), medianPayloads: median(payloads),
                                              unfinished: unfinished, exactlyOnce: exactlyOnce))
            }
        }
        return figures
    }

    /// The median (mean of the middle two for an even count); 0 for no values.
    static func median(_ values: [Int]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}
