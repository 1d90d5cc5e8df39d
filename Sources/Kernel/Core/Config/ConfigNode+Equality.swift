extension ConfigNode {
    /// Whether two trees hold the same configuration, ignoring marks, paths and the order of mapping
    /// keys. The lifecycle plan uses it to decide whether a plugin kept across a profile switch must
    /// restart: moving a setting to another file or line is not a change.
    ///
    /// `null` and an empty mapping are equal (both mean "all defaults" for a plugin's settings).
    public func semanticallyEquals(_ other: ConfigNode) -> Bool {
        switch (value, other.value) {
        case (.null, .null):
            return true
        case (.null, .mapping(let entries)), (.mapping(let entries), .null):
            return entries.isEmpty
        case (.scalar(let a), .scalar(let b)):
            return a == b
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.semanticallyEquals($1) }
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            for entry in a {
                guard let match = b.first(where: { $0.key == entry.key }),
                      entry.value.semanticallyEquals(match.value) else { return false }
            }
            return true
        default:
            return false
        }
    }
}
