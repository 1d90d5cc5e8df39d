import Foundation

/// Time as plugins see it: wall-clock `now()` for expiries and `sleep(for:)` for timers.
///
/// Injected through the `PluginContext` so tests and simulations can drive time with TestKit's
/// `ManualClock` instead of waiting for real seconds.
public protocol NodeClock: Sendable {
    func now() -> Date
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemClock: NodeClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
