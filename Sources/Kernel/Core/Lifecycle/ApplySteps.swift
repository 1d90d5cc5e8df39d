/// What `Kernel.apply` will do to switch from the running plan to the next one, and why, worked out
/// before anything is touched: the same value drives a real switch and `parley ctl apply --dry-run`.
struct ApplySteps {
    /// Plugins stopped, in the previous plan's stop order (removed ones and restarted ones).
    let stop: [PlannedPlugin]
    /// Plugins started, in the next plan's start order (added ones and restarted ones).
    let start: [PlannedPlugin]
    /// Plugins left running untouched, in the next plan's start order.
    let kept: [String]
    /// Plugins stopped and started again, in the next plan's start order.
    let restarted: [String]
    /// One line per plugin that stops, starts or restarts: why it does.
    let reasons: [String: String]

    init(previous: LifecyclePlan?, next: LifecyclePlan) {
        let diff = previous?.diff(to: next) ?? PlanDiff(kept: [], added: next.order.map(\.key), removed: [], changed: [])
        var reasons: [String: String] = [:]
        for key in diff.added { reasons[key] = previous == nil ? "in the profile" : "new in the profile" }
        for key in diff.removed { reasons[key] = "not in the new profile" }
        for key in diff.changed { reasons[key] = "its settings changed" }
        let restarted = Self.restartSet(diff: diff, previous: previous, next: next, reasons: &reasons)
        let stopping = Set(diff.removed).union(restarted)
        let startSet = Set(diff.added).union(restarted)
        stop = (previous?.stopOrder ?? []).filter { stopping.contains($0.key) }
        start = next.order.filter { startSet.contains($0.key) }
        kept = diff.kept.filter { !restarted.contains($0) }
        self.restarted = next.order.map(\.key).filter { restarted.contains($0) }
        self.reasons = reasons
    }

    /// Plugins whose configuration changed, plus every kept plugin that (transitively) depends on a
    /// plugin being removed or restarted: a dependent may hold services its provider handed out in
    /// `prepare`, so it restarts with it. A kept plugin whose optional requirement gains a provider
    /// restarts too: it found the service absent when it started.
    private static func restartSet(diff: PlanDiff, previous: LifecyclePlan?, next: LifecyclePlan,
                                   reasons: inout [String: String]) -> Set<String> {
        var restarted = Set(diff.changed)
        for key in diff.kept {
            if let provider = (next.planned(key)?.optionalDependencies ?? []).first(where: diff.added.contains) {
                restarted.insert(key)
                reasons[key] = "'\(provider)', which it optionally requires, is new in the profile"
            }
        }
        var affected = Set(diff.removed).union(restarted)
        var grew = true
        while grew {
            grew = false
            for key in diff.kept where !restarted.contains(key) {
                let dependencies = Set(previous?.planned(key)?.dependencies ?? []).union(next.planned(key)?.dependencies ?? [])
                let cause = dependencies.intersection(affected)
                if let first = cause.sorted().first {
                    restarted.insert(key)
                    affected.insert(key)
                    reasons[key] = "depends on '\(first)', which \(diff.removed.contains(first) ? "stops" : "restarts")"
                    grew = true
                }
            }
        }
        return restarted
    }
}
