import Primitives

/// A self-describing hash (multiformats multihash): `uvarint(code) ‖ uvarint(length) ‖ digest`.
/// libp2p peer ids are multihashes: `identity` (0x00) for keys that serialize to ≤ 42 bytes,
/// `sha2-256` (0x12) otherwise.
public struct Multihash: Hashable, Sendable {
    public static let identityCode: UInt64 = 0x00
    public static let sha256Code: UInt64 = 0x12
    /// Largest identity digest accepted (a peer id's inlined key is far smaller).
    public static let maximumIdentityLength = 128

    public let code: UInt64
    public let digest: [UInt8]

    public init(code: UInt64, digest: [UInt8]) {
        self.code = code
        self.digest = digest
    }

    public static func identity(_ bytes: [UInt8]) -> Multihash { Multihash(code: identityCode, digest: bytes) }
    public static func sha256(of bytes: [UInt8]) -> Multihash { Multihash(code: sha256Code, digest: SHA2.sha256(bytes)) }

    public var bytes: [UInt8] { UVarint.encode(code) + UVarint.encode(UInt64(digest.count)) + digest }

    /// Decodes a whole multihash; trailing bytes are an error. Only identity and sha2-256 are accepted.
    public init(decoding input: some Collection<UInt8>) throws {
        let bytes = Array(input)
        let code: UInt64, length: UInt64, used1: Int, used2: Int
        do {
            (code, used1) = try UVarint.decode(bytes)
            (length, used2) = try UVarint.decode(bytes[used1...])
        } catch {
            throw Libp2pCodecError.malformedMultihash("\(error)")
        }
        switch code {
        case Self.identityCode:
            guard length <= UInt64(Self.maximumIdentityLength) else {
                throw Libp2pCodecError.malformedMultihash("identity digest of \(length) bytes exceeds \(Self.maximumIdentityLength)")
            }
        case Self.sha256Code:
            guard length == 32 else { throw Libp2pCodecError.malformedMultihash("sha2-256 digest must be 32 bytes, not \(length)") }
        default:
            throw Libp2pCodecError.unsupportedMultihash(code: code)
        }
        guard bytes.count - used1 - used2 == Int(length) else { throw Libp2pCodecError.digestMismatch }
        self.init(code: code, digest: Array(bytes[(used1 + used2)...]))
    }
}
