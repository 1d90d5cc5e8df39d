import Primitives

/// The id of a Status message: `keccak256(pub65(author) ‖ W)`, W the whole encoded
/// ApplicationMetadataMessage as received (wire-facts §5.2, errata #17). Exists so ids are computed in one
/// place and always rendered the same way: `"0x"` + lower-case hex (replies, reactions, storage).
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The id of the AMM bytes `wrapped` written by `author`. Without an author (an AMM carrying no
    /// signature) the key part is empty — status-go's `FromECDSAPub(nil)` — giving `keccak256(W)`.
    public init(author: PublicKey?, wrapped: some Collection<UInt8>) {
        var hasher = Keccak256()
        if let author { hasher.update(author.uncompressed) }
        hasher.update(wrapped)
        self.bytes = hasher.digest()
    }

    /// Parses `"0x…"` (or bare) hex of exactly 32 bytes, as found in `response_to` and `message_id` fields.
    public init(hex text: String) throws(MessageIDError) {
        let decoded: [UInt8]
        do { decoded = try Hex.decode(text) } catch { throw .notHex(String(describing: error)) }
        guard decoded.count == 32 else { throw .wrongLength(decoded.count) }
        self.bytes = decoded
    }

    /// `"0x"` + 64 lower-case hex digits.
    public var hex: String { "0x" + Hex.encode(bytes) }

    public var description: String { hex }
}

/// Why text is not a message id.
public enum MessageIDError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not hex (the hex decoder's reason).
    case notHex(String)
    /// The hex is not 32 bytes long.
    case wrongLength(Int)

    public var description: String {
        switch self {
        case .notHex(let reason): return "message id is not hex: \(reason)"
        case .wrongLength(let count): return "message id must be 32 bytes (\"0x\" + 64 hex digits), got \(count) bytes"
        }
    }
}
