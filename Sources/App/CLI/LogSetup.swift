import Logging
import Synchronization

/// Bootstraps swift-log once for the process (only the executable does this; libraries just log).
enum LogSetup {
    private static let done = Mutex(false)

    static func bootstrap(level: String) {
        let first = done.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        let parsed = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
    }
}
