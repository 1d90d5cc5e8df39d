import Primitives

/// libp2p peer ids of secp256k1 keys, for seams that carry a node key but may meet either transport
/// (`pex/1` entries are `[pub64, host, port]`): the identity multihash of the key protobuf
/// `{1: Secp256k1, 2: compressed key}` = `00 25 08 02 12 21 ‖ pub33` (libp2p/specs peer-ids).
extension PeerID {
    static let libp2pSecp256k1Prefix: [UInt8] = [0x00, 0x25, 0x08, 0x02, 0x12, 0x21]

    /// The libp2p peer id (`16Uiu2HA…`) of a secp256k1 key.
    public static func libp2p(secp256k1 key: PublicKey) -> PeerID { PeerID(libp2pSecp256k1Prefix + key.compressed) }

    /// The secp256k1 key this id names: the key itself for a devp2p id (64 bytes), the inlined key for a
    /// libp2p secp256k1 peer id; nil otherwise (Ed25519 or hashed libp2p ids).
    public var secp256k1PublicKey: PublicKey? {
        if bytes.count == 64 { return try? PublicKey(bytes: bytes) }
        guard bytes.count == Self.libp2pSecp256k1Prefix.count + 33, bytes.starts(with: Self.libp2pSecp256k1Prefix) else { return nil }
        return try? PublicKey(bytes: bytes.dropFirst(Self.libp2pSecp256k1Prefix.count))
    }
}
