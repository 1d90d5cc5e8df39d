extension ConfigNode {
    /// A canonical block-style YAML rendering, each line prefixed by `indent` spaces and without a
    /// trailing newline. `parley profile check` prints resolved plugin configs with it; the output
    /// reads back as the same configuration.
    public func rendered(indent: Int = 0) -> String {
        renderLines().map { String(repeating: " ", count: max(0, indent)) + $0 }.joined(separator: "\n")
    }

    /// Block lines at indentation zero.
    private func renderLines() -> [String] {
        switch value {
        case .null:
            return ["~"]
        case .scalar(let text):
            return [Self.plainOrQuoted(text, flow: false)]
        case .sequence(let items):
            if items.isEmpty { return ["[]"] }
            return items.flatMap { Self.prefixed($0.renderLines(), first: "- ", rest: "  ") }
        case .mapping(let entries):
            if entries.isEmpty { return ["{}"] }
            return entries.flatMap { entry -> [String] in
                let key = Self.plainOrQuoted(entry.key, flow: false)
                if entry.value.isInline {
                    return ["\(key): \(entry.value.renderLines().first ?? "~")"]
                }
                let nested = entry.value.renderLines()
                if case .sequence = entry.value.value { return ["\(key):"] + nested }
                return ["\(key):"] + nested.map { "  " + $0 }
            }
        }
    }

    /// Scalars, null and empty collections fit on their key's line.
    private var isInline: Bool {
        switch value {
        case .null, .scalar: return true
        case .sequence(let items): return items.isEmpty
        case .mapping(let entries): return entries.isEmpty
        }
    }

    private static func prefixed(_ lines: [String], first: String, rest: String) -> [String] {
        lines.enumerated().map { ($0 == 0 ? first : rest) + $1 }
    }

    /// A one-line flow rendering: `{peers: [memory://hub], max: 4}`.
    func flowRendered() -> String {
        switch value {
        case .null: return "~"
        case .scalar(let text): return Self.plainOrQuoted(text, flow: true)
        case .sequence(let items): return "[" + items.map { $0.flowRendered() }.joined(separator: ", ") + "]"
        case .mapping(let entries):
            return "{" + entries.map { "\(Self.plainOrQuoted($0.key, flow: true)): \($0.value.flowRendered())" }
                .joined(separator: ", ") + "}"
        }
    }

    /// The text as a plain YAML scalar when that reads back unchanged, else double-quoted.
    static func plainOrQuoted(_ text: String, flow: Bool) -> String {
        needsQuotes(text, flow: flow) ? quoted(text) : text
    }

    /// `"text"` with YAML double-quote escapes.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    private static func needsQuotes(_ text: String, flow: Bool) -> Bool {
        if nullWords.contains(text) { return true }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return true }
        if first == " " || last == " " || last == ":" { return true }
        if ",[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
        if "-?:".unicodeScalars.contains(first) {
            let second = text.unicodeScalars.dropFirst().first
            if second == nil || second == " " { return true }
        }
        if text.contains(": ") || text.contains(" #") { return true }
        if flow && text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return true }
        return text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
