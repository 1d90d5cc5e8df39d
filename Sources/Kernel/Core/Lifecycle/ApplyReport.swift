/// What a profile switch did (or, for a dry run, would do), plugin by plugin: returned by
/// `Kernel.apply` / `Kernel.previewApply` and printed by `parley ctl apply [--dry-run]`.
public struct ApplyReport: Sendable, Codable, Equatable {
    public let profile: String
    /// Plugins started (added, or restarted because their configuration or a provider changed), in start order.
    public let started: [String]
    /// Plugins stopped (removed, or restarted), in stop order.
    public let stopped: [String]
    /// Plugins that kept running untouched.
    public let kept: [String]
    /// Plugins stopped and started again (a subset of both `started` and `stopped`).
    public let restarted: [String]
    /// Why each started, stopped or restarted plugin was touched ("its settings changed",
    /// "depends on 'devp2p', which restarts", …).
    public let reasons: [String: String]
    /// The `--set` overrides in force for the new profile (kept from the node's start unless overridden again).
    public var overrides: [String]
    /// Wall time the switch took (0 for a dry run).
    public let milliseconds: Double
    /// True when nothing was applied (`--dry-run`).
    public let dryRun: Bool

    public init(profile: String, started: [String], stopped: [String], kept: [String], restarted: [String] = [],
                reasons: [String: String] = [:], overrides: [String] = [], milliseconds: Double, dryRun: Bool = false) {
        self.profile = profile
        self.started = started
        self.stopped = stopped
        self.kept = kept
        self.restarted = restarted
        self.reasons = reasons
        self.overrides = overrides
        self.milliseconds = milliseconds
        self.dryRun = dryRun
    }
}
