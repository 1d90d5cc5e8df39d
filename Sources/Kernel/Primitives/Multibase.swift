/// Multibase/multicodec text forms of public keys. Status's "zQ3…" compressed chat keys
/// (wire-facts §6.4): `"z" + base58btc(uvarint(0xe7) ‖ pub33)`, where 0xe7 is the multicodec code for
/// secp256k1-pub (`e7 01` as a varint).
public enum Multibase {
    /// multicodec `secp256k1-pub`.
    public static let secp256k1PubCodec: UInt64 = 0xe7

    /// The zQ3 string for `key`.
    public static func zq3(_ key: PublicKey) -> String {
        "z" + Base58.encode(UVarint.encode(secp256k1PubCodec) + key.compressed)
    }

    /// Parses a zQ3 string back into a key.
    public static func parseZQ3(_ text: String) throws -> PublicKey {
        guard text.hasPrefix("z") else { throw MultibaseError.unsupportedBase(text.first.map(String.init) ?? "") }
        // A zQ3 key is 49 characters; bound the input before the quadratic base58 decode.
        guard text.utf8.count <= 128 else { throw MultibaseError.tooLong(text.utf8.count) }
        let payload = try Base58.decode(String(text.dropFirst()))
        let (codec, consumed) = try UVarint.decode(payload)
        guard codec == secp256k1PubCodec else { throw MultibaseError.unexpectedCodec(codec) }
        let key = payload.dropFirst(consumed)
        guard key.count == 33 else { throw MultibaseError.invalidKeyLength(key.count) }
        return try PublicKey(bytes: key)
    }
}

/// Why a multibase key string was rejected.
public enum MultibaseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Only base58btc (`z`) is supported.
    case unsupportedBase(String)
    /// The multicodec is not secp256k1-pub (0xe7).
    case unexpectedCodec(UInt64)
    /// The key after the codec is not 33 bytes (compressed).
    case invalidKeyLength(Int)
    /// Far longer than any key string.
    case tooLong(Int)

    public var description: String {
        switch self {
        case .unsupportedBase(let prefix):
            return "multibase prefix '\(prefix)' is not supported; compressed Status keys start with 'z' (base58btc)"
        case .unexpectedCodec(let codec):
            return "multicodec 0x\(String(codec, radix: 16)) is not secp256k1-pub (0xe7)"
        case .invalidKeyLength(let count):
            return "multibase key is \(count) bytes after the codec; a compressed secp256k1 key is 33"
        case .tooLong(let count):
            return "multibase key text is \(count) characters; a zQ3 key is about 49"
        }
    }
}
