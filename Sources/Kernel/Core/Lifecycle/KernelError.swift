/// Failures of the kernel's lifecycle, each saying what happened and what to do.
public enum KernelError: Error, CustomStringConvertible {
    case pluginFailedToStart(key: String, underlying: String, rolledBack: Bool)
    case pluginStartTimedOut(key: String, seconds: Double)
    case applyInProgress
    case notRunning
    case internalInconsistency(String)

    public var description: String {
        switch self {
        case .pluginFailedToStart(let key, let underlying, let rolledBack):
            return "plugin '\(key)' failed to start: \(underlying)" +
                (rolledBack ? "; the node was rolled back to its previous profile" : "")
        case .pluginStartTimedOut(let key, let seconds):
            return "plugin '\(key)' did not become ready within \(seconds) s; check its configuration and logs"
        case .applyInProgress:
            return "another profile is being applied right now; try again when it finishes"
        case .notRunning:
            return "the node is not running"
        case .internalInconsistency(let what):
            return "internal error: \(what)"
        }
    }
}
