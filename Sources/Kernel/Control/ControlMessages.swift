// The local control plane of a running node: a Unix-domain socket (owner-only permissions) carrying
// one JSON object per line in each direction. `parley ctl` is its client.
import Kernel

/// A command sent to a running node over its control socket.
public struct ControlRequest: Codable, Sendable, Equatable {
    public enum Command: String, Codable, Sendable {
        case status
        case apply
        /// A plugin's control method (`method`, `params`).
        case call
    }

    public var command: Command
    /// For `apply`: the profile file to switch to (absolute, as resolved by the client).
    public var profile: String?
    /// For `apply`: `--set` overrides applied on top of the profile.
    public var overrides: [String]?
    /// For `apply`: only report what would change (`--dry-run`).
    public var dryRun: Bool?
    /// For `call`: the method name (`waku.post`, `waku.watch`, `waku.history`, …) and its parameters.
    public var method: String?
    public var params: [String: String]?

    public init(command: Command, profile: String? = nil, overrides: [String]? = nil, dryRun: Bool? = nil,
                method: String? = nil, params: [String: String]? = nil) {
        self.command = command
        self.dryRun = dryRun
        self.profile = profile
        self.overrides = overrides
        self.method = method
        self.params = params
    }
}

/// The node's answer: `ok` with the requested report, or an error a user can act on.
public struct ControlResponse: Codable, Sendable, Equatable {
    public var ok: Bool
    public var error: String?
    public var status: NodeStatusReport?
    public var apply: ApplyReport?
    /// For `call`: what the method returned.
    public var result: ControlValue?

    public init(ok: Bool, error: String? = nil, status: NodeStatusReport? = nil, apply: ApplyReport? = nil,
                result: ControlValue? = nil) {
        self.ok = ok
        self.error = error
        self.status = status
        self.apply = apply
        self.result = result
    }

    public static func failure(_ message: String) -> ControlResponse { ControlResponse(ok: false, error: message) }
}

/// Why talking to a node's control socket failed.
public enum ControlError: Error, CustomStringConvertible {
    case noNode(path: String)
    case socketFailure(path: String, reason: String)
    case alreadyRunning(path: String)
    case badResponse(String)

    public var description: String {
        switch self {
        case .noNode(let path):
            return "no node is running with this data directory (no control socket at \(path)); start one with `parley node`"
        case .socketFailure(let path, let reason): return "control socket \(path): \(reason)"
        case .alreadyRunning(let path):
            return "another node already serves the control socket \(path); stop it or use another --data-dir"
        case .badResponse(let text): return "the node sent an unreadable answer: \(text)"
        }
    }
}
