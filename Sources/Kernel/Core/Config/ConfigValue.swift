/// The shape of one configuration value as written in YAML, before any typing.
///
/// Scalars stay text until a config type asks for an `Int` or a `Bool`, so `yes` stays a string
/// where a string is wanted and the decoder can say exactly which spelling it expected.
/// Mapping keys keep their written order: plugin order in a profile is meaningful.
public indirect enum ConfigValue: Sendable {
    /// `~`, `null` or nothing at all (`relay:` with no value).
    case null
    /// Any scalar, quoted or plain, as text.
    case scalar(String)
    case sequence([ConfigNode])
    /// Keys are unique within one mapping (the loader rejects duplicates).
    case mapping([(key: String, value: ConfigNode)])
}

extension ConfigValue {
    /// "a mapping", "a sequence", "\"x\"", "nothing (null)": for error messages. A scalar is quoted only
    /// when it is short and on one line (a value mistyped in a profile); anything longer is described by
    /// its size, so an error never echoes a file's content.
    var kindDescription: String {
        switch self {
        case .null: return "nothing (null)"
        case .scalar(let text):
            guard text.count <= Self.maximumQuotedLength, !text.contains(where: \.isNewline) else { return shapeDescription }
            return "\(ConfigNode.quoted(text))"
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        }
    }

    /// The kind of value without any of its content ("text of 1234 characters").
    var shapeDescription: String {
        switch self {
        case .scalar(let text): return "text of \(text.count) characters"
        default: return kindDescription
        }
    }

    /// Longest scalar an error message quotes.
    static let maximumQuotedLength = 64
}
