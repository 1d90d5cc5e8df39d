import Primitives

/// One `/rend/0.1.0` message: on the wire `rlp(type) ‖ rlp(body)` (wire-facts §1.9).
public enum RendMessage: Sendable, Equatable {
    /// body `[topic, ENR, ttl]`; `ttl` is a Go `time.Duration`, i.e. nanoseconds.
    case register(topic: [UInt8], record: NodeRecord, ttlNanoseconds: UInt64)
    /// body `[status, message]`
    case registerResponse(status: RendStatus, message: String)
    /// body `[limit, topic]`
    case discover(limit: UInt64, topic: [UInt8])
    /// body `[status, message, [ENR…]]`
    case discoverResponse(status: RendStatus, message: String, records: [NodeRecord])

    public var type: RendMessageType {
        switch self {
        case .register: return .register
        case .registerResponse: return .registerResponse
        case .discover: return .discover
        case .discoverResponse: return .discoverResponse
        }
    }
}
