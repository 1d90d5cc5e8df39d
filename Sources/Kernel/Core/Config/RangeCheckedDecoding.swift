/// Numeric settings with a range: every number a profile can set is checked when the profile is
/// decoded (`parley profile check`), so a value such as `max-frame-bytes: -5` is an error naming its
/// file, line, column and YAML path instead of a node that fails later.
extension KeyedDecodingContainer {
    /// The value at `key` (or `fallback` when absent), refused unless it lies in `range`.
    public func decode<T: Decodable & Comparable & Sendable>(_ type: T.Type, forKey key: Key, default fallback: T,
                                                              in range: ClosedRange<T>, unit: String = "") throws -> T {
        try decodeIfPresent(type, forKey: key, in: range, unit: unit) ?? fallback
    }

    /// An optional value at `key`, refused unless absent or in `range`.
    public func decodeIfPresent<T: Decodable & Comparable & Sendable>(_ type: T.Type, forKey key: Key, in range: ClosedRange<T>,
                                                                       unit: String = "") throws -> T? {
        guard let value = try decodeIfPresent(type, forKey: key) else { return nil }
        guard range.contains(value) else {
            let suffix = unit.isEmpty ? "" : " \(unit)"
            throw DecodingError.dataCorruptedError(forKey: key, in: self,
                debugDescription: "expected \(range.lowerBound)…\(range.upperBound)\(suffix), got \(value)")
        }
        return value
    }
}
