import Primitives

/// A field of the envelope list `[expiry, ttl, topic, data, nonce]`, named in decoding errors.
public enum EnvelopeField: Int, Sendable, CaseIterable, CustomStringConvertible {
    case expiry, ttl, topic, data, nonce

    public var description: String {
        switch self {
        case .expiry: return "expiry"
        case .ttl: return "ttl"
        case .topic: return "topic"
        case .data: return "data"
        case .nonce: return "nonce"
        }
    }
}

/// Why bytes are not a Waku v1 envelope. Decoding follows go-ethereum's RLP rules for status-go's
/// `Envelope` struct: canonical RLP only, exactly five fields, minimal integers that fit their Go
/// types (`uint32`, `uint32`, `[4]byte`, `[]byte`, `uint64`).
public indirect enum EnvelopeDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not canonical RLP.
    case malformedRLP(RLPError)
    /// The top-level item is a byte string, not a list.
    case notAList
    /// The list ends before this field.
    case missingField(EnvelopeField)
    /// The list has this many items beyond the five fields (status-go rejects them: no `rlp:"tail"`).
    case extraFields(Int)
    /// The field is a list where a byte string or integer belongs.
    case fieldIsList(EnvelopeField)
    /// The integer field has leading zero bytes (errata #9: integers are minimal).
    case nonCanonicalInteger(EnvelopeField)
    /// The integer field has more bytes than its type holds (4 for expiry/ttl, 8 for nonce).
    case integerTooLarge(EnvelopeField, byteCount: Int)
    /// The topic is not exactly 4 bytes.
    case wrongTopicLength(Int)
    /// Envelope `index` of a Messages list is malformed.
    case inList(index: Int, EnvelopeDecodingError)

    public var description: String {
        switch self {
        case .malformedRLP(let error):
            return "envelope is not canonical RLP: \(error)"
        case .notAList:
            return "envelope must be an RLP list [expiry, ttl, topic, data, nonce], found a byte string"
        case .missingField(let field):
            return "envelope list is too short: the \(field) field is missing (5 fields required)"
        case .extraFields(let count):
            return "envelope list has \(count) item(s) after the nonce; exactly 5 fields are allowed"
        case .fieldIsList(let field):
            return "envelope \(field) must be a byte string, found a list"
        case .nonCanonicalInteger(let field):
            return "envelope \(field) is an integer with leading zero bytes; integers must be minimal"
        case .integerTooLarge(let field, let byteCount):
            let limit = field == .nonce ? 8 : 4
            return "envelope \(field) has \(byteCount) bytes; at most \(limit) fit (uint\(limit * 8))"
        case .wrongTopicLength(let count):
            return "envelope topic must be exactly 4 bytes, got \(count)"
        case .inList(let index, let error):
            return "envelope #\(index) of the list: \(error)"
        }
    }
}
