extension LifecyclePlan {
    /// The resolved plan for `parley profile check`: the profile, its node settings, and each plugin
    /// in start order with what it provides, requires and starts after, and its resolved settings.
    public func rendered() -> String {
        let node = profile.node
        var lines: [String] = []
        lines.append("profile '\(profile.name)'" + (profile.sourcePath.map { " (\($0))" } ?? ""))
        lines.append("node:")
        lines.append("  data-dir: \(node.dataDir ?? "(not set: --data-dir or the CLI default)")")
        lines.append("  log-level: \(node.logLevel)")
        lines.append("  peers: target \(node.peers.target), max \(node.peers.max)")
        lines.append("  grace-period-seconds: \(Self.number(node.gracePeriodSeconds))")
        lines.append("  control-socket: \(node.controlSocket ?? "(not set: <data-dir>/control.sock)")")
        lines.append("plugins in start order (\(order.count)):")
        for (index, planned) in order.enumerated() {
            lines.append("  \(index + 1). \(planned.key)")
            lines.append("     provides: \(Self.list(planned.descriptor.provides.map(\.name)))")
            lines.append("     requires: \(Self.list(planned.descriptor.requires.map(\.name)))")
            if !planned.descriptor.optionalRequires.isEmpty {
                lines.append("     optionally requires: \(Self.list(planned.descriptor.optionalRequires.map(\.name)))")
            }
            lines.append("     starts after: \(Self.list(planned.dependencies))")
            if planned.config.entries?.isEmpty ?? planned.config.isNull {
                lines.append("     config: (defaults)")
            } else {
                lines.append("     config:")
                lines.append(planned.config.rendered(indent: 7))
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func list(_ items: [String]) -> String {
        items.isEmpty ? "-" : items.joined(separator: ", ")
    }

    private static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
