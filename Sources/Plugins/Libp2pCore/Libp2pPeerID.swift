import Primitives

/// A libp2p peer id: the multihash of the peer's serialized public key — identity when the protobuf is
/// at most 42 bytes (Ed25519, secp256k1), sha2-256 otherwise (RSA). Written as base58btc
/// (`12D3KooW…`, `16Uiu2HA…`, `Qm…`) or as a CIDv1 (`b…`, codec libp2p-key 0x72, base32).
public struct Libp2pPeerID: Hashable, Sendable, CustomStringConvertible {
    /// Serialized keys up to this length are inlined (identity multihash).
    public static let maximumInlineKeyLength = 42
    /// multicodec `libp2p-key`.
    public static let libp2pKeyCodec: UInt64 = 0x72
    /// Longest peer id text accepted (bounds the quadratic base58 decode).
    static let maximumTextLength = 128

    public let multihash: Multihash

    public init(publicKey: Libp2pPublicKey) {
        let encoded = publicKey.protobuf
        multihash = encoded.count <= Self.maximumInlineKeyLength ? .identity(encoded) : .sha256(of: encoded)
    }

    /// From the binary multihash (as in a `/p2p/` multiaddr component or a Noise/identify record).
    public init(bytes: some Collection<UInt8>) throws {
        multihash = try Multihash(decoding: bytes)
    }

    /// Parses base58btc text (`1…`, `Qm…`) or a CIDv1 in multibase (`b` base32, `z` base58btc).
    public init(parsing text: String) throws {
        guard !text.isEmpty, text.utf8.count <= Self.maximumTextLength else {
            throw Libp2pCodecError.malformedPeerID("text must be 1…\(Self.maximumTextLength) characters")
        }
        if text.hasPrefix("1") || text.hasPrefix("Qm") {
            do { try self.init(bytes: try Base58.decode(text)) } catch let error as Libp2pCodecError { throw error } catch {
                throw Libp2pCodecError.malformedPeerID("\(error)")
            }
            return
        }
        let cid: [UInt8]
        switch text.first {
        case "b", "B": cid = try Base32.decode(String(text.dropFirst()))
        case "z":
            do { cid = try Base58.decode(String(text.dropFirst())) } catch { throw Libp2pCodecError.malformedPeerID("\(error)") }
        default: throw Libp2pCodecError.malformedPeerID("'\(text.prefix(12))' is neither base58btc nor a CIDv1 in base32/base58btc")
        }
        let version: UInt64, codec: UInt64, used1: Int, used2: Int
        do {
            (version, used1) = try UVarint.decode(cid)
            (codec, used2) = try UVarint.decode(cid[used1...])
        } catch { throw Libp2pCodecError.malformedPeerID("CID prefix: \(error)") }
        guard version == 1 else { throw Libp2pCodecError.malformedPeerID("CID version \(version); peer ids are CIDv1") }
        guard codec == Self.libp2pKeyCodec else {
            throw Libp2pCodecError.malformedPeerID("CID codec 0x\(String(codec, radix: 16)) is not libp2p-key (0x72)")
        }
        try self.init(bytes: cid[(used1 + used2)...])
    }

    public var bytes: [UInt8] { multihash.bytes }
    /// The canonical (legacy) text form.
    public var base58: String { Base58.encode(bytes) }
    /// The CIDv1 text form: `b` + base32(0x01 ‖ 0x72 ‖ multihash).
    public var cid: String { "b" + Base32.encode([0x01, UInt8(Self.libp2pKeyCodec)] + bytes) }
    public var description: String { base58 }

    /// The public key when it is inlined (identity multihash); nil for hashed (RSA) ids.
    public func inlinedPublicKey() throws -> Libp2pPublicKey? {
        guard multihash.code == Multihash.identityCode else { return nil }
        return try Libp2pPublicKey(protobuf: multihash.digest)
    }

    /// True when `key` is the key this id names.
    public func matches(_ key: Libp2pPublicKey) -> Bool { Libp2pPeerID(publicKey: key) == self }
}
