extension DataSyncEndpoint {
    /// Ticks every `interval` on `clock` (Status: 300 ms) until the task is cancelled, handing each tick's
    /// output to `onTick` (encrypt and send the payloads, report expired records). Deadlines advance by
    /// `interval` from the start, so a slow `onTick` does not stretch the epoch. Returns on cancellation;
    /// throws only for storage faults.
    public func run<C: Clock>(every interval: C.Duration, clock: C,
                              onTick: @Sendable (TickOutput) async -> Void) async throws(DataSyncError) {
        var deadline = clock.now.advanced(by: interval)
        while !Task.isCancelled {
            do { try await clock.sleep(until: deadline, tolerance: nil) } catch { return }
            let output = try tick()
            await onTick(output)
            deadline = deadline.advanced(by: interval)
            if deadline < clock.now { deadline = clock.now.advanced(by: interval) }   // fell behind: skip, never burst
        }
    }

    /// `run(every: .milliseconds(300), clock: ContinuousClock(), onTick:)`: status-go's `DatasyncTicker`.
    public func run(onTick: @Sendable (TickOutput) async -> Void) async throws(DataSyncError) {
        try await run(every: .milliseconds(300), clock: ContinuousClock(), onTick: onTick)
    }
}
