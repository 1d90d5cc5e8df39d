/// "Did you mean …?" for mistyped names: unknown plugins, unknown settings, unknown profile keys.
///
/// One helper so every error that rejects a name suggests alternatives the same way.
public enum NameSuggestions {
    /// Candidates close to `name`, best first (at most `limit`): Levenshtein distance (ignoring
    /// case) up to `max(2, name.count / 3)`, or one name a prefix of the other.
    public static func nearest(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
        let wanted = Array(name.lowercased().unicodeScalars)
        guard !wanted.isEmpty else { return [] }
        let threshold = max(2, wanted.count / 3)
        var scored: [(name: String, distance: Int)] = []
        for candidate in Set(candidates) where candidate != name {
            let other = Array(candidate.lowercased().unicodeScalars)
            let distance = levenshtein(wanted, other)
            let prefix = min(wanted.count, other.count) >= 2
                && (other.starts(with: wanted) || wanted.starts(with: other))
            if distance <= threshold || prefix { scored.append((candidate, distance)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(max(0, limit)).map(\.name)
    }

    /// ` — did you mean 'x'?` / ` — did you mean 'x' or 'y'?`, or "" with no suggestion.
    public static func didYouMean(_ suggestions: [String]) -> String {
        guard !suggestions.isEmpty else { return "" }
        let quoted = suggestions.map { "'\($0)'" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "")
        return " — did you mean \(list)?"
    }

    static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
