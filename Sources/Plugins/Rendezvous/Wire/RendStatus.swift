/// Status codes of `/rend/0.1.0` responses (status-im/rendezvous v1.3.0 `protocol/protocol.go`, wire-facts §1.9).
public enum RendStatus: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0
    case invalidNamespace = 100
    case invalidENR = 101
    case invalidTTL = 102
    case invalidLimit = 103
    case invalidContent = 104
    case notAuthorized = 200
    case internalError = 300

    public var description: String {
        switch self {
        case .ok: return "OK"
        case .invalidNamespace: return "E_INVALID_NAMESPACE"
        case .invalidENR: return "E_INVALID_ENR"
        case .invalidTTL: return "E_INVALID_TTL"
        case .invalidLimit: return "E_INVALID_LIMIT"
        case .invalidContent: return "E_INVALID_CONTENT"
        case .notAuthorized: return "E_NOT_AUTHORIZED"
        case .internalError: return "E_INTERNAL_ERROR"
        }
    }
}

/// Message types: Go `iota` after the VERSION constant, so REGISTER is 1 (wire-facts errata #23).
public enum RendMessageType: UInt64, Sendable, CaseIterable {
    case register = 1
    case registerResponse = 2
    case discover = 3
    case discoverResponse = 4
}
