/// Why bytes are not canonical RLP, or an RLP item is not the shape a caller expected.
///
/// Decoding follows go-ethereum's strict rules (wire-facts §0.2): only canonical encodings are accepted,
/// so every value has exactly one encoding and re-encoding reproduces the input.
public enum RLPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No bytes at all where an item was expected.
    case emptyInput
    /// The input ends before the item does.
    case truncated(needed: Int, available: Int)
    /// A long-form length does not fit in memory or in the remaining input.
    case lengthOverflow
    /// A long-form length prefix was used for a payload shorter than 56 bytes.
    case nonCanonicalSize(Int)
    /// A long-form length starts with a zero byte.
    case leadingZeroInLength
    /// A single byte below 0x80 was wrapped as `81 xx` instead of standing alone.
    case nonCanonicalSingleByte(UInt8)
    /// Bytes remain after the top-level item (strict decoding).
    case trailingBytes(Int)
    /// Lists nest deeper than the decoder allows (protects the stack).
    case depthLimitExceeded(limit: Int)
    /// An element of a list runs past the end of the list's declared payload.
    case listElementOverrun(listEnd: Int, elementEnd: Int)
    /// A byte string was expected, a list was found.
    case expectedBytes
    /// A list was expected, a byte string was found.
    case expectedList
    /// A byte string of a fixed size has another length.
    case wrongLength(expected: Int, actual: Int)
    /// An integer is encoded with leading zero bytes.
    case integerLeadingZero
    /// An integer has more bytes than the target type holds.
    case integerTooLarge(byteCount: Int, maxBytes: Int)
    /// A boolean is neither `01` nor `80`.
    case invalidBool
    /// A text field is not valid UTF-8.
    case invalidUTF8
    /// A list has fewer items than the structure requires.
    case missingElement(index: Int)

    public var description: String {
        switch self {
        case .emptyInput:
            return "RLP input is empty; an item needs at least one byte"
        case .truncated(let needed, let available):
            return "RLP input is truncated: the item needs \(needed) bytes but only \(available) remain"
        case .lengthOverflow:
            return "RLP length prefix declares a size larger than the input can hold"
        case .nonCanonicalSize(let size):
            return "RLP uses a long-form length prefix for a \(size)-byte payload; sizes below 56 must use the short form"
        case .leadingZeroInLength:
            return "RLP length prefix has a leading zero byte (non-canonical)"
        case .nonCanonicalSingleByte(let byte):
            return "RLP wraps the single byte 0x\(Hex.encode([byte])) as 81\(Hex.encode([byte])); bytes below 0x80 must be encoded as themselves"
        case .trailingBytes(let count):
            return "RLP input has \(count) trailing byte(s) after the item"
        case .depthLimitExceeded(let limit):
            return "RLP lists nest deeper than the limit of \(limit)"
        case .listElementOverrun(let listEnd, let elementEnd):
            return "RLP list element ends at offset \(elementEnd), past the list's end at offset \(listEnd)"
        case .expectedBytes:
            return "expected an RLP byte string but found a list"
        case .expectedList:
            return "expected an RLP list but found a byte string"
        case .wrongLength(let expected, let actual):
            return "expected an RLP byte string of \(expected) bytes but found \(actual)"
        case .integerLeadingZero:
            return "RLP integer has leading zero bytes (non-canonical)"
        case .integerTooLarge(let byteCount, let maxBytes):
            return "RLP integer has \(byteCount) bytes; at most \(maxBytes) fit"
        case .invalidBool:
            return "RLP boolean must be 01 (true) or 80 (false)"
        case .invalidUTF8:
            return "RLP string is not valid UTF-8"
        case .missingElement(let index):
            return "RLP list is too short: element \(index) is missing"
        }
    }
}
