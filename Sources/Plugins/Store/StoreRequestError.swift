import WakuCore

/// Why a store rejected a history request (answered with an `ERROR=` completion, wire-facts §2.10.3).
public enum StoreRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The packet is neither a request envelope nor a direct MessagesRequest.
    case malformed(String)
    /// The request envelope's PoW is below the store's minimum.
    case insufficientPoW(found: Double, required: Double)
    /// The request envelope does not open with the mailserver key.
    case undecryptable
    /// The request envelope is not signed.
    case unsigned
    /// The query itself is invalid (range, limit, cursor, no topics).
    case invalid(HistoryQueryError)
    /// The peer sent requests faster than the store serves them.
    case rateLimited

    public var description: String {
        switch self {
        case .malformed(let reason): return "malformed history request: \(reason)"
        case .insufficientPoW(let found, let required): return "history request PoW \(found) is below the store's minimum \(required)"
        case .undecryptable: return "history request does not decrypt with this store's mailserver password"
        case .unsigned: return "history request is not signed"
        case .invalid(let error): return "\(error)"
        case .rateLimited: return "rate limit exceeded"
        }
    }

    /// Whether the peer should be penalised (a broken or hostile request, not a mere mismatch).
    public var isPeerFault: Bool {
        switch self {
        case .malformed, .insufficientPoW, .rateLimited: return true
        case .undecryptable, .unsigned, .invalid: return false
        }
    }
}
