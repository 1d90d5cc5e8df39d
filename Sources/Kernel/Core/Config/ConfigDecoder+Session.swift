/// State shared by every container of one `ConfigDecoder.decode` call: the root tree and the keys
/// each mapping was asked for, so keys nobody asked for can be reported as unknown afterwards.
final class DecodingSession {
    let root: ConfigNode
    /// Mapping path → the YAML keys the config type requested from it.
    private var requested: [String: Set<String>] = [:]

    init(root: ConfigNode) { self.root = root }

    func visit(_ mapping: ConfigNode) {
        if requested[mapping.path] == nil { requested[mapping.path] = [] }
    }

    func record(_ key: String, in mapping: ConfigNode) {
        requested[mapping.path, default: []].insert(key)
    }

    /// Decodes one value, first checking string enumerations so a bad choice lists the valid ones.
    func decode<T: Decodable>(_ type: T.Type, from node: ConfigNode, codingPath: [any CodingKey]) throws -> T {
        if let choices = Self.enumerationChoices(T.self), let text = node.scalar, !choices.contains(text) {
            throw ConfigError("expected one of \(choices.joined(separator: ", ")); got \(ConfigValue.scalar(text).kindDescription)"
                + NameSuggestions.didYouMean(NameSuggestions.nearest(to: text, among: choices)),
                path: node.path, mark: node.mark)
        }
        return try T(from: NodeDecoder(session: self, node: node, codingPath: codingPath))
    }

    /// Raw values of a `CaseIterable` string enum, nil for any other type.
    private static func enumerationChoices<T>(_ type: T.Type) -> [String]? {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        return rawStrings(of: iterable)
    }

    private static func rawStrings<C: CaseIterable>(of type: C.Type) -> [String]? {
        let values = C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        return values.isEmpty ? nil : values
    }

    /// `expected <what>, got <what the node holds>` at the node.
    func mismatch(expected: String, _ node: ConfigNode) -> ConfigError {
        ConfigError("expected \(expected), got \(node.value.kindDescription)", path: node.path, mark: node.mark)
    }

    // MARK: unknown keys

    /// The first key (in document order) of a decoded mapping that the config type never asked for.
    func firstUnknownKey(in node: ConfigNode) -> ConfigError? {
        switch node.value {
        case .null, .scalar:
            return nil
        case .sequence(let items):
            for item in items { if let error = firstUnknownKey(in: item) { return error } }
            return nil
        case .mapping(let entries):
            guard let asked = requested[node.path] else { return nil }
            for entry in entries {
                guard asked.contains(entry.key) else { return unknownKey(entry.key, entry.value, known: asked, in: node) }
                if let error = firstUnknownKey(in: entry.value) { return error }
            }
            return nil
        }
    }

    private func unknownKey(_ key: String, _ value: ConfigNode, known: Set<String>, in mapping: ConfigNode) -> ConfigError {
        let path = ConfigNode.childPath(mapping.path, key: key)
        guard !known.isEmpty else {
            return ConfigError("unknown key '\(key)': no settings are accepted here; remove it", path: path, mark: value.entryMark)
        }
        let suggestion = NameSuggestions.didYouMean(NameSuggestions.nearest(to: key, among: Array(known)))
        return ConfigError("unknown key '\(key)'\(suggestion) Known keys here: \(known.sorted().joined(separator: ", "))",
                           path: path, mark: value.entryMark)
    }

    // MARK: errors thrown by config types

    /// Turns a `DecodingError` thrown by a config type's own `init(from:)` into a located `ConfigError`.
    func translate(_ error: DecodingError) -> ConfigError {
        switch error {
        case .typeMismatch(let type, let context):
            let node = locate(context.codingPath)
            return ConfigError("expected \(Self.describe(type)), got \(node.value.kindDescription)", path: node.path, mark: node.mark)
        case .valueNotFound(let type, let context):
            let node = locate(context.codingPath)
            return ConfigError("expected \(Self.describe(type)), got nothing", path: node.path, mark: node.mark)
        case .keyNotFound(let key, let context):
            let node = locate(context.codingPath)
            let name = KeyStyle.kebab(key.stringValue)
            return ConfigError("missing required key '\(name)'", path: ConfigNode.childPath(node.path, key: name), mark: node.mark)
        case .dataCorrupted(let context):
            let node = locate(context.codingPath)
            return ConfigError(context.debugDescription, path: node.path, mark: node.mark)
        @unknown default:
            return ConfigError("\(error)", path: root.path, mark: root.mark)
        }
    }

    /// The deepest node reachable along `codingPath` from the root.
    private func locate(_ codingPath: [any CodingKey]) -> ConfigNode {
        var current = root
        for key in codingPath {
            switch current.value {
            case .sequence(let items):
                guard let index = key.intValue, items.indices.contains(index) else { return current }
                current = items[index]
            case .mapping(let entries):
                let kebab = KeyStyle.kebab(key.stringValue)
                guard let match = entries.first(where: { $0.key == kebab }) ?? entries.first(where: { $0.key == key.stringValue })
                else { return current }
                current = match.value
            case .null, .scalar:
                return current
            }
        }
        return current
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is any FixedWidthInteger.Type: return "an integer"
        case is any BinaryFloatingPoint.Type: return "a number"
        default: return "a value of type \(type)"
        }
    }
}
