/// A problem in configuration text, reported with what is wrong, where (file, line, column and
/// YAML path) and, where possible, how to fix it.
///
/// Everything that reads profiles — the YAML loader, the config decoder, the profile loader —
/// throws this one type, so the CLI can print any of them the same way and tests can compare them.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    /// What is wrong and how to fix it, without the location.
    public let message: String
    /// The YAML path of the offending value (`plugins.devp2p.port`), empty for the document itself.
    public let path: String
    /// Where the offending value (or key) is written, when known.
    public let mark: SourceMark?

    public init(_ message: String, path: String = "", mark: SourceMark? = nil) {
        self.message = message
        self.path = path
        self.mark = mark
    }

    public init(message: String, path: String, mark: SourceMark?) {
        self.init(message, path: path, mark: mark)
    }

    /// `full.yaml:12:7: plugins.devp2p.port: expected an integer in 0…65535, got "abc"`.
    public var description: String {
        var text = ""
        if let mark { text += "\(mark): " }
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}
