/// One `--set key=value` from the command line, parsed and ready to lay over a profile.
///
/// `node.…` and `name` address the top level; anything else addresses a plugin
/// (`devp2p.port=30304` is `plugins.devp2p.port`; an explicit `plugins.` prefix also works). The
/// value is YAML flow text, so `[a, b]`, `true`, `5` and `"x"` mean what they would in the file.
/// `--set relay=` adds a plugin with default settings, `--set relay=false` removes it.
struct ProfileOverride {
    /// Where the override was given, for marks: `--set`, line 1, the value's column.
    static let sourceName = "--set"

    let text: String
    /// Full path from the document root, e.g. `["plugins", "devp2p", "port"]`.
    let path: [String]
    /// Where each component of `path` is written in `text` (the implicit `plugins` at column 1).
    let keyMarks: [SourceMark]
    let value: ConfigNode

    init(parsing text: String) throws {
        self.text = text
        guard let equals = text.firstIndex(of: "=") else {
            throw ConfigError("--set '\(text)': expected key=value, e.g. devp2p.port=30304 or node.peers.max=4")
        }
        let keyText = String(text[..<equals])
        let valueText = String(text[text.index(after: equals)...])
        let components = keyText.split(separator: ".", omittingEmptySubsequences: false)
            .map { String($0).trimmed(" \t") }
        guard !components.isEmpty, !components.contains(where: \.isEmpty) else {
            throw ConfigError("--set '\(text)': the key before '=' is empty or has an empty part; "
                + "write it like devp2p.port=30304 or node.peers.max=4")
        }
        var column = 1
        var marks: [SourceMark] = []
        for part in keyText.split(separator: ".", omittingEmptySubsequences: false) {
            let leading = part.prefix { $0 == " " || $0 == "\t" }.count
            marks.append(SourceMark(file: Self.sourceName, line: 1, column: column + leading))
            column += part.count + 1
        }
        switch components[0] {
        case "node", "name":
            path = components
            keyMarks = marks
        case "plugins" where components.count > 1:
            path = components
            keyMarks = marks
        case "extends":
            throw ConfigError("--set '\(text)': `extends` cannot be overridden; load the other profile instead")
        default:
            path = ["plugins"] + components
            keyMarks = [SourceMark(file: Self.sourceName, line: 1, column: 1)] + marks
        }
        let offset = keyText.count + 1
        do {
            value = try YAMLLoader.load(bytes: Array(valueText.utf8), file: Self.sourceName, firstLineColumnOffset: offset)
        } catch let error as ConfigError {
            // libyaml puts "end of input" on the line after a one-line value: show the end of the argument instead.
            var mark = error.mark
            if let found = mark, found.line > 1, !valueText.contains("\n") {
                mark = SourceMark(file: Self.sourceName, line: 1, column: text.count + 1)
            }
            throw ConfigError("--set '\(text)': the value is not valid YAML: \(error.message)", mark: mark)
        }
    }

    /// Lays the value over `root` (a profile document), creating intermediate mappings.
    func apply(to root: ConfigNode) throws -> ConfigNode {
        try set(path[...], in: root, depth: 0)
    }

    private func set(_ remaining: ArraySlice<String>, in node: ConfigNode, depth: Int) throws -> ConfigNode {
        guard let key = remaining.first else { return value }
        let keyMark: SourceMark? = keyMarks.indices.contains(depth) ? keyMarks[depth] : value.mark
        var entries: [(key: String, value: ConfigNode)]
        switch node.value {
        case .mapping(let found): entries = found
        case .null: entries = []
        case .scalar, .sequence:
            throw ConfigError("--set '\(text)': cannot set '\(key)' inside '\(node.path)', which holds "
                + "\(node.value.kindDescription) rather than a mapping", path: node.path, mark: node.mark)
        }
        let childPath = ConfigNode.childPath(node.path, key: key)
        let index = entries.firstIndex { $0.key == key }
        if remaining.count == 1, node.path == "plugins", value.scalar == "false" {
            if let index { entries.remove(at: index) }
        } else {
            let existing = index.map { entries[$0].value } ?? ConfigNode(value: .null, mark: keyMark, path: childPath)
            var updated = try set(remaining.dropFirst(), in: existing, depth: depth + 1)
            updated.keyMark = existing.keyMark ?? keyMark
            if let index { entries[index].value = updated } else { entries.append((key: key, value: updated)) }
        }
        var copy = node
        copy.value = .mapping(entries)
        return copy
    }
}

private extension String {
    func trimmed(_ set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
