import Foundation
import Logging

/// A swift-log handler that writes each record to stderr as one JSON object on one line:
/// `{"ts":"…","level":"info","label":"parley.kernel","message":"…","source":"…",<metadata>…}`.
/// Metadata values are rendered as strings (nested ones as their text form) so every line parses.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        fields["ts"] = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = "\(event.message)"
        fields["source"] = event.source
        let encoder = JSONEncoder.unescapedSlashes
        guard var line = try? encoder.encode(fields) else { return }
        line.append(UInt8(ascii: "\n"))
        FileHandle.standardError.write(line)
    }
}

extension JSONEncoder {
    /// Sorted keys, URLs left readable (`enode://…`, not `enode:\/\/…`): the encoder for every JSON the CLI prints.
    static var unescapedSlashes: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// `PARLEY_DATA_DIR`: the data directory `node`, `ctl`, `post`, `watch`, `history` and `chat` use when
/// `--data-dir` is not given (so an operator sets it once in the shell or the systemd unit).
enum DataDirectoryEnvironment {
    static var value: String? {
        guard let text = ProcessInfo.processInfo.environment["PARLEY_DATA_DIR"], !text.isEmpty else { return nil }
        return text
    }
}
