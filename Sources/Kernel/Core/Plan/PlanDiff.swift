/// What changes when a running node switches from one plan to another: the kernel stops
/// `removed` and `changed` plugins, starts `added` and `changed` ones, and leaves `kept` plugins —
/// and the connections they own — running.
public struct PlanDiff: Sendable, Equatable {
    /// In both plans with equal decoded settings (writing out a default is no change), in the new plan's start order.
    public let kept: [String]
    /// Only in the new plan, in its start order.
    public let added: [String]
    /// Only in the old plan, in its start order.
    public let removed: [String]
    /// In both, but with different settings (so they restart), in the new plan's start order.
    public let changed: [String]

    public init(kept: [String], added: [String], removed: [String], changed: [String]) {
        self.kept = kept
        self.added = added
        self.removed = removed
        self.changed = changed
    }

    /// Whether switching changes nothing.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}

extension LifecyclePlan {
    /// The difference from this (running) plan to `next`.
    public func diff(to next: LifecyclePlan) -> PlanDiff {
        var kept: [String] = []
        var added: [String] = []
        var changed: [String] = []
        for planned in next.order {
            guard let current = self.planned(planned.key) else {
                added.append(planned.key)
                continue
            }
            if current.hasSameSettings(as: planned) {
                kept.append(planned.key)
            } else {
                changed.append(planned.key)
            }
        }
        let removed = order.map(\.key).filter { next.planned($0) == nil }
        return PlanDiff(kept: kept, added: added, removed: removed, changed: changed)
    }
}
