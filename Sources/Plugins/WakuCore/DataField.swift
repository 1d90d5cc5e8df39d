import Primitives

/// The Waku v1 data field before encryption (wire-facts §2.5, 7/WAKU-DATA, status-go `waku/common/message.go`):
///
/// ```
/// flags(1) ‖ size(1…3, little-endian) ‖ payload ‖ padding ‖ [signature(65)]
/// flags: bits 0–1 = length of the size field; 0x04 = signed
/// padding: random, so that the whole field is a multiple of 256 bytes (256 if already aligned)
/// signature: R‖S‖V (V ∈ {0,1}) over keccak256(flags ‖ size ‖ payload ‖ padding), flag set first
/// ```
public enum DataField {
    /// Flag bit: a 65-byte signature ends the field.
    public static let signedFlag: UInt8 = 0x04
    /// Flag bits holding the size-field length.
    public static let sizeMask: UInt8 = 0x03
    /// Signature length.
    public static let signatureLength = 65
    /// Padding aligns the field to this many bytes.
    public static let paddingBlock = 256
    /// Payloads must be shorter than 2^24 bytes: the size field has at most 3 bytes.
    public static let maxPayloadLength = (1 << 24) - 1

    /// Builds a data field.
    ///
    /// - Parameters:
    ///   - payload: the application bytes.
    ///   - signer: signs the field (flag 0x04 set before hashing); Status signs every envelope.
    ///   - padding: exact padding to use (tests, deterministic vectors); `nil` → random padding to a
    ///     multiple of 256, as status-go does.
    public static func build(payload: [UInt8], signer: PrivateKey? = nil, padding: [UInt8]? = nil) throws(DataFieldError) -> [UInt8] {
        guard payload.count <= maxPayloadLength else { throw .payloadTooLarge(payload.count) }
        let sizeLength = sizeFieldLength(payload.count)
        let paddingBytes = padding ?? SecureRandom.bytes(paddingLength(payloadLength: payload.count, signed: signer != nil))
        var field: [UInt8] = []
        field.reserveCapacity(1 + sizeLength + payload.count + paddingBytes.count + (signer == nil ? 0 : signatureLength))
        field.append(UInt8(sizeLength) | (signer == nil ? 0 : signedFlag))
        for i in 0..<sizeLength { field.append(UInt8(truncatingIfNeeded: payload.count >> (8 * i))) }
        field.append(contentsOf: payload)
        field.append(contentsOf: paddingBytes)
        if let signer {
            do {
                field.append(contentsOf: try signer.signRecoverable(digest: Keccak256.hash(field)).bytes)
            } catch {
                throw .signingFailed("\(error)")
            }
        }
        return field
    }

    /// Parses a decrypted data field and recovers the signer, like status-go `ValidateAndParse`.
    ///
    /// Like status-go, padding is not checked (any length is accepted). A signed field whose signature
    /// does not recover a key is an error; one whose bytes were altered recovers a *different* key —
    /// compare `signer` with the expected sender.
    public static func parse(_ field: [UInt8]) throws(DataFieldError) -> ParsedDataField {
        guard let flags = field.first else { throw .empty }
        var end = field.count
        var signature: RecoverableSignature?
        var signer: PublicKey?
        if flags & signedFlag != 0 {
            end -= signatureLength
            guard end > 1 else { throw .truncatedSignature(field.count) }
            do {
                let parsed = try RecoverableSignature(bytes65: field[end...])
                signer = try parsed.recoverPublicKey(digest: Keccak256.hash(field[..<end]))
                signature = parsed
            } catch {
                throw .invalidSignature("\(error)")
            }
        }
        var cursor = 1
        var payload: [UInt8] = []
        let sizeLength = Int(flags & sizeMask)
        if sizeLength != 0 {
            guard end >= cursor + sizeLength else { throw .truncatedSizeField(needed: sizeLength, available: Swift.max(0, end - cursor)) }
            var size = 0
            for i in 0..<sizeLength { size |= Int(field[cursor + i]) << (8 * i) }
            cursor += sizeLength
            guard cursor + size <= end else { throw .payloadOverrun(declared: size, available: end - cursor) }
            payload = Array(field[cursor..<(cursor + size)])
            cursor += size
        }
        return ParsedDataField(flags: flags, payload: payload, padding: Array(field[cursor..<end]),
                               signature: signature, signer: signer)
    }

    /// Bytes in the size field for a payload of `length` bytes: 1, 2 or 3 (status-go `getSizeOfPayloadSizeField`).
    static func sizeFieldLength(_ length: Int) -> Int {
        length < 1 << 8 ? 1 : length < 1 << 16 ? 2 : 3
    }

    /// Padding that makes `flags + size + payload + signature` a multiple of 256 (256 if already aligned).
    public static func paddingLength(payloadLength: Int, signed: Bool) -> Int {
        let raw = 1 + sizeFieldLength(payloadLength) + payloadLength + (signed ? signatureLength : 0)
        return paddingBlock - raw % paddingBlock
    }
}

/// A parsed data field.
public struct ParsedDataField: Sendable, Equatable {
    /// The flags byte.
    public let flags: UInt8
    /// The application payload.
    public let payload: [UInt8]
    /// The padding (between payload and signature).
    public let padding: [UInt8]
    /// The signature, if the field is signed.
    public let signature: RecoverableSignature?
    /// The key recovered from the signature, if the field is signed.
    public let signer: PublicKey?
}

/// Why bytes are not a valid data field (or one could not be built).
public enum DataFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No bytes at all (not even flags).
    case empty
    /// The signed flag is set but the field is too short to hold flags and a 65-byte signature.
    case truncatedSignature(Int)
    /// The signature does not recover a public key (malformed R/S or V).
    case invalidSignature(String)
    /// The size field runs past the end of the field.
    case truncatedSizeField(needed: Int, available: Int)
    /// The declared payload size exceeds the bytes available before padding/signature.
    case payloadOverrun(declared: Int, available: Int)
    /// A payload of this many bytes does not fit the 3-byte size field (< 16 MiB).
    case payloadTooLarge(Int)
    /// Signing failed (message included).
    case signingFailed(String)

    public var description: String {
        switch self {
        case .empty:
            return "data field is empty; it needs at least the flags byte"
        case .truncatedSignature(let count):
            return "data field is flagged as signed but has only \(count) bytes; a signed field needs more than 66"
        case .invalidSignature(let reason):
            return "data field signature is invalid: \(reason)"
        case .truncatedSizeField(let needed, let available):
            return "data field size field needs \(needed) bytes but only \(available) remain"
        case .payloadOverrun(let declared, let available):
            return "data field declares a \(declared)-byte payload but only \(available) bytes remain"
        case .payloadTooLarge(let count):
            return "payload of \(count) bytes is too large; the data field holds payloads below 16 MiB (the message limit is 1 MiB)"
        case .signingFailed(let reason):
            return "signing the data field failed: \(reason)"
        }
    }
}
