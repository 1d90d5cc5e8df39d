/// Timing helpers for the bench executable: run a body several times and report the median.
struct Measurement {
    let name: String
    let samples: [Double]   // seconds per run
    let unitsPerRun: Double
    let unit: String
    /// Appended to the line, e.g. a ratio against a reference measured in the same run.
    var note: String? = nil

    var median: Double {
        let sorted = samples.sorted()
        return sorted[sorted.count / 2]
    }

    var throughput: Double { unitsPerRun / median }

    func line() -> String {
        let rate: String
        switch unit {
        case "MB": rate = String(format: "%10.1f MB/s", throughput)
        default: rate = String(format: "%10.0f %@/s", throughput, unit)
        }
        let perItem = median / unitsPerRun
        let perText = unit == "MB" ? "" : String(format: "   (%.2f µs each)", perItem * 1e6)
        return name.padding(toLength: 40, withPad: " ", startingAt: 0) + rate + perText + (note.map { "   " + $0 } ?? "")
    }
}

/// Runs `body` `runs` times after one warm-up and returns the samples.
func measure(_ name: String, runs: Int = 7, units: Double, unit: String, _ body: () throws -> Void) rethrows -> Measurement {
    try body()
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return Measurement(name: name, samples: samples, unitsPerRun: units, unit: unit)
}

func measureAsync(_ name: String, runs: Int = 7, units: Double, unit: String,
                  _ body: () async throws -> Void) async rethrows -> Measurement {
    try await body()
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return Measurement(name: name, samples: samples, unitsPerRun: units, unit: unit)
}

/// Keeps the optimiser from deleting benchmarked work.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
