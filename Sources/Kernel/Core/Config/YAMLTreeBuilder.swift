/// Builds a `ConfigNode` tree from libyaml events: one document, string-keyed mappings with unique
/// keys, no anchors or aliases, bounded nesting.
///
/// Profiles are small hand-written files; refusing the YAML features they never need (aliases,
/// merge keys, complex keys, several documents) keeps every value traceable to one line.
struct YAMLTreeBuilder {
    /// Deeper nesting is refused rather than risking the stack on hostile input.
    static let maximumDepth = 64

    let reader: YAMLEventReader
    let file: String

    func document() throws -> ConfigNode {
        guard case .streamStart = try reader.next() else {
            throw ConfigError("libyaml did not start a stream while reading \(file)")
        }
        let first = try reader.next()
        guard case .documentStart = first else {
            // An empty file (or one holding only comments): an empty document.
            return ConfigNode(value: .null, mark: SourceMark(file: file, line: 1, column: 1))
        }
        let root = try node(from: try reader.next(), path: "", depth: 0)
        guard case .documentEnd = try reader.next() else {
            throw ConfigError("unexpected content after the document while reading \(file)")
        }
        if case .documentStart(let mark) = try reader.next() {
            throw ConfigError("this file holds more than one YAML document; a profile is a single document — "
                + "remove the '---' separator here and merge the documents, or split them into files joined with `extends:`",
                mark: mark)
        }
        return root
    }

    private func node(from event: YAMLEvent, path: String, depth: Int) throws -> ConfigNode {
        switch event {
        case .scalar(let text, let plain, let tag, let anchor, let mark):
            try refuseAnchor(anchor, mark: mark)
            return ConfigNode(value: Self.scalarValue(text, plain: plain, tag: tag), mark: mark, path: path)
        case .alias(let anchor, let mark):
            throw Self.anchorError(name: "*\(anchor)", mark: mark, path: path)
        case .sequenceStart(let anchor, let mark):
            try refuseAnchor(anchor, mark: mark, path: path)
            try checkDepth(depth, mark: mark, path: path)
            var items: [ConfigNode] = []
            while true {
                let next = try reader.next()
                if case .sequenceEnd = next { break }
                items.append(try node(from: next, path: ConfigNode.childPath(path, index: items.count), depth: depth + 1))
            }
            return ConfigNode(value: .sequence(items), mark: mark, path: path)
        case .mappingStart(let anchor, let mark):
            try refuseAnchor(anchor, mark: mark, path: path)
            try checkDepth(depth, mark: mark, path: path)
            return try mapping(at: mark, path: path, depth: depth)
        case .streamStart, .streamEnd, .documentStart, .documentEnd, .sequenceEnd, .mappingEnd:
            throw ConfigError("unexpected YAML structure while reading \(file)", path: path)
        }
    }

    private func mapping(at mark: SourceMark, path: String, depth: Int) throws -> ConfigNode {
        var entries: [(key: String, value: ConfigNode)] = []
        var seen: [String: SourceMark] = [:]
        while true {
            let next = try reader.next()
            if case .mappingEnd = next { break }
            let (key, keyMark) = try mappingKey(next, path: path)
            let childPath = ConfigNode.childPath(path, key: key)
            if let first = seen[key] {
                throw ConfigError("duplicate key '\(key)' (first written at line \(first.line), column \(first.column)); "
                    + "keep one of them", path: childPath, mark: keyMark)
            }
            seen[key] = keyMark
            var value = try node(from: try reader.next(), path: childPath, depth: depth + 1)
            value.keyMark = keyMark
            entries.append((key: key, value: value))
        }
        return ConfigNode(value: .mapping(entries), mark: mark, path: path)
    }

    private func mappingKey(_ event: YAMLEvent, path: String) throws -> (String, SourceMark) {
        switch event {
        case .scalar(let text, _, _, let anchor, let mark):
            try refuseAnchor(anchor, mark: mark, path: path)
            guard !text.isEmpty else {
                throw ConfigError("a mapping key is empty; write a name before the ':'", path: path, mark: mark)
            }
            return (text, mark)
        case .alias(let anchor, let mark):
            throw Self.anchorError(name: "*\(anchor)", mark: mark, path: path)
        case .sequenceStart(_, let mark), .mappingStart(_, let mark):
            throw ConfigError("a mapping key must be plain text, not a list or mapping", path: path, mark: mark)
        default:
            throw ConfigError("unexpected YAML structure in a mapping while reading \(file)", path: path)
        }
    }

    private func refuseAnchor(_ anchor: String?, mark: SourceMark, path: String = "") throws {
        if let anchor { throw Self.anchorError(name: "&\(anchor)", mark: mark, path: path) }
    }

    private static func anchorError(name: String, mark: SourceMark, path: String) -> ConfigError {
        ConfigError("YAML anchors and aliases (\(name)) are not supported in profiles; repeat the value, "
            + "or share settings by putting them in a parent profile and using `extends:`", path: path, mark: mark)
    }

    private func checkDepth(_ depth: Int, mark: SourceMark, path: String) throws {
        if depth >= Self.maximumDepth {
            throw ConfigError("values are nested more than \(Self.maximumDepth) levels deep", path: path, mark: mark)
        }
    }

    private static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// Plain `null`, `~` or nothing is null; a quoted `"null"` or a `!!str` tag is the text.
    static func scalarValue(_ text: String, plain: Bool, tag: String?) -> ConfigValue {
        switch tag {
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:str": return .scalar(text)
        default: return plain && nullSpellings.contains(text) ? .null : .scalar(text)
        }
    }
}
