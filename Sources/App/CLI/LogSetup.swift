import ArgumentParser
import Logging
import Synchronization

/// How the node writes its log lines on stderr (`--log-format`).
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// swift-log's human-readable lines.
    case text
    /// One JSON object per line (`JSONLogHandler`), for journald/Loki/Elasticsearch shippers.
    case json
}

/// Bootstraps swift-log once for the process (only the executable does this; libraries just log).
enum LogSetup {
    private static let done = Mutex(false)

    static func bootstrap(level: String, format: LogFormat = .text) {
        let first = done.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let parsed = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = parsed
                return handler
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = parsed
                return handler
            }
        }
    }
}
