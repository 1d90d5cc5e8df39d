/// Why bytes or text are not an acceptable EIP-778 node record.
public enum ENRError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The encoded record exceeds 300 bytes.
    case tooLarge(Int)
    /// The text form does not start with `enr:`.
    case missingPrefix
    /// The text after `enr:` is not URL-safe base64.
    case invalidBase64(Base64URLError)
    /// The bytes are not canonical RLP.
    case invalidRLP(RLPError)
    /// The record is an RLP byte string, not a list.
    case notAList
    /// The list lacks the signature or the sequence number.
    case missingSignatureOrSeq
    /// The signature is not 64 bytes (`R ‖ S`, "v4").
    case invalidSignatureLength(Int)
    /// `seq` is not a canonical 64-bit integer.
    case invalidSeq
    /// Keys and values do not pair up.
    case oddNumberOfPairElements
    /// A key is a list, or not valid UTF-8.
    case invalidKey
    /// Keys are not strictly increasing bytewise (`previous` ≥ `key`).
    case keysNotSorted(previous: String, key: String)
    /// The same key appears twice.
    case duplicateKey(String)
    /// There is no `id` key.
    case missingIdentityScheme
    /// `id` names a scheme other than "v4".
    case unknownIdentityScheme(String)
    /// The signature does not verify (only when a valid signature was required).
    case invalidSignature
    /// Building needs a value the caller did not provide or provided twice.
    case invalidPair(String)

    public var description: String {
        switch self {
        case .tooLarge(let size):
            return "ENR is \(size) bytes encoded; EIP-778 allows at most 300"
        case .missingPrefix:
            return "ENR text must start with 'enr:'"
        case .invalidBase64(let error):
            return "ENR text is not valid base64url after 'enr:': \(error)"
        case .invalidRLP(let error):
            return "ENR is not valid RLP: \(error)"
        case .notAList:
            return "ENR must be an RLP list [signature, seq, k, v, …]"
        case .missingSignatureOrSeq:
            return "ENR list must start with a signature and a sequence number"
        case .invalidSignatureLength(let count):
            return "ENR \"v4\" signature must be 64 bytes (R‖S), got \(count)"
        case .invalidSeq:
            return "ENR seq must be a canonical unsigned integer of at most 8 bytes"
        case .oddNumberOfPairElements:
            return "ENR key/value list has an odd number of elements; every key needs a value"
        case .invalidKey:
            return "ENR key must be a UTF-8 byte string"
        case .keysNotSorted(let previous, let key):
            return "ENR keys must be sorted and unique: '\(key)' follows '\(previous)'"
        case .duplicateKey(let key):
            return "ENR key '\(key)' appears more than once"
        case .missingIdentityScheme:
            return "ENR has no 'id' key naming its identity scheme"
        case .unknownIdentityScheme(let scheme):
            return "ENR identity scheme '\(scheme)' is not supported (only \"v4\")"
        case .invalidSignature:
            return "ENR signature does not verify against its secp256k1 key"
        case .invalidPair(let reason):
            return "ENR cannot be built: \(reason)"
        }
    }
}
