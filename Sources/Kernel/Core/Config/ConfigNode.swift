/// One value of a configuration tree together with where it came from: its source mark and its
/// YAML path from the document root.
///
/// Profiles are loaded into this tree rather than straight into Swift types because a profile is
/// merged (`extends:`, `--set`) before anything is typed, and because each plugin decodes its own
/// section later — possibly long after the file was read — yet must still report errors at the
/// right file, line and column.
public struct ConfigNode: Sendable, CustomStringConvertible {
    public var value: ConfigValue
    /// Where the value starts in its source, if it came from text.
    public var mark: SourceMark?
    /// The YAML path from the document root, like `plugins.static-peers.peers[0]`; `""` for the root.
    public var path: String
    /// Where this node's key is written, when the node is the value of a mapping entry. Errors
    /// about the entry itself (an unknown key, an unknown plugin) point here rather than at the value.
    public var keyMark: SourceMark?

    public init(value: ConfigValue, mark: SourceMark? = nil, path: String = "", keyMark: SourceMark? = nil) {
        self.value = value
        self.mark = mark
        self.path = path
        self.keyMark = keyMark
    }

    /// An empty mapping with no source: the config of a plugin listed without settings.
    public static let empty = ConfigNode(value: .mapping([]))

    /// The value under `key` when this node is a mapping.
    public subscript(key: String) -> ConfigNode? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.first { $0.key == key }?.value
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The text of a scalar, nil for anything else.
    public var scalar: String? {
        if case .scalar(let text) = value { return text }
        return nil
    }

    /// The entries of a mapping, nil for anything else.
    public var entries: [(key: String, value: ConfigNode)]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    /// The items of a sequence, nil for anything else.
    public var items: [ConfigNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The mark to show for errors about this entry: its key if it has one, else its value.
    public var entryMark: SourceMark? { keyMark ?? mark }

    /// A one-line flow rendering, like `{peers: [memory://hub]}`.
    public var description: String { flowRendered() }
}

extension ConfigNode {
    /// `parent.key`, or `key` at the root.
    static func childPath(_ parent: String, key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// `parent[index]`.
    static func childPath(_ parent: String, index: Int) -> String {
        "\(parent)[\(index)]"
    }

    /// The same tree with every path recomputed as if this node sat at `path`; used after merging
    /// profiles and applying overrides so paths describe the final document.
    public func repathed(to path: String) -> ConfigNode {
        var copy = self
        copy.path = path
        switch value {
        case .null, .scalar:
            break
        case .sequence(let items):
            copy.value = .sequence(items.enumerated().map { $1.repathed(to: Self.childPath(path, index: $0)) })
        case .mapping(let entries):
            copy.value = .mapping(entries.map { (key: $0.key, value: $0.value.repathed(to: Self.childPath(path, key: $0.key))) })
        }
        return copy
    }
}
