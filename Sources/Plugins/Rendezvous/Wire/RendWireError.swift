/// Why bytes are not a `/rend/0.1.0` message. The server answers the body errors with a status code
/// (`status`); an unknown type resets the stream (wire-facts §1.9).
public enum RendWireError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownType(UInt64)
    /// The body is not RLP of the type's shape.
    case malformedBody(type: RendMessageType, reason: String)
    /// The ENR in a REGISTER (or a DISCOVER_RESPONSE) is not a record, or its signature does not verify.
    case invalidRecord(reason: String)
    /// A status code outside the protocol's list.
    case unknownStatus(UInt64)

    public var description: String {
        switch self {
        case .unknownType(let type): return "unknown /rend/0.1.0 message type \(type) (1…4 are defined)"
        case .malformedBody(let type, let reason): return "malformed \(type) body: \(reason)"
        case .invalidRecord(let reason): return "invalid ENR: \(reason)"
        case .unknownStatus(let code): return "unknown /rend/0.1.0 status code \(code)"
        }
    }

    /// The status a server answers with, or nil where the stream is reset instead.
    public var status: RendStatus? {
        switch self {
        case .unknownType: return nil
        case .invalidRecord: return .invalidENR
        case .malformedBody, .unknownStatus: return .invalidContent
        }
    }
}
