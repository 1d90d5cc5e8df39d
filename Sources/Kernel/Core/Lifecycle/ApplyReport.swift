/// What a profile switch did, plugin by plugin: returned by `Kernel.apply` and printed by `parley ctl apply`.
public struct ApplyReport: Sendable, Codable, Equatable {
    public let profile: String
    /// Plugins started (added, or restarted because their configuration changed), in start order.
    public let started: [String]
    /// Plugins stopped (removed, or restarted), in stop order.
    public let stopped: [String]
    /// Plugins that kept running untouched.
    public let kept: [String]
    /// Wall time the switch took.
    public let milliseconds: Double
}
