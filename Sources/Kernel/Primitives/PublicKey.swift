import CSecp256k1

/// A validated secp256k1 public key (a point on the curve), with every encoding the Status stack
/// uses (wire-facts §0.3): `uncompressed` pub65 (Status ids, ECIES), `raw64` pub64 (RLPx / discovery
/// node ids, enode URLs), `compressed` pub33 (ENR, X3DH, libp2p).
///
/// Construction validates the point, so holding a `PublicKey` means holding a usable key.
public struct PublicKey: Sendable, Hashable {
    /// `X ‖ Y`, 64 bytes big-endian.
    public let raw64: [UInt8]
    /// libsecp256k1's parsed form, kept to avoid re-parsing for every operation.
    let parsed: secp256k1_pubkey

    /// Parses a 33-byte compressed (`02/03 ‖ X`), 64-byte (`X ‖ Y`) or 65-byte (`04 ‖ X ‖ Y`) key.
    public init(bytes: some Collection<UInt8>) throws {
        var input = Array(bytes)
        switch input.count {
        case 33:
            guard input[0] == 0x02 || input[0] == 0x03 else { throw Secp256k1Error.invalidPublicKeyPrefix(input[0]) }
        case 64:
            input.insert(0x04, at: 0)
        case 65:
            // libsecp256k1 would also accept "hybrid" 06/07 keys; no Ethereum or Status wire does.
            guard input[0] == 0x04 else { throw Secp256k1Error.invalidPublicKeyPrefix(input[0]) }
        default:
            throw Secp256k1Error.invalidPublicKeyLength(input.count)
        }
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &key, input, input.count) == 1 else {
            throw Secp256k1Error.invalidPublicKey
        }
        self.init(parsed: key)
    }

    /// Wraps a key libsecp256k1 produced or parsed.
    init(parsed key: secp256k1_pubkey) {
        var key = key
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = secp256k1_ec_pubkey_serialize(Secp256k1Context.shared.pointer, &out, &length, &key,
                                          UInt32(SECP256K1_EC_UNCOMPRESSED))
        self.raw64 = Array(out[1..<65])
        self.parsed = key
    }

    /// `04 ‖ X ‖ Y`, 65 bytes.
    public var uncompressed: [UInt8] { [0x04] + raw64 }

    /// `02 ‖ X` if Y is even, `03 ‖ X` if odd; 33 bytes.
    public var compressed: [UInt8] {
        [0x02 | (raw64[63] & 1)] + raw64[0..<32]
    }

    /// Discovery node id: `keccak256(X ‖ Y)` (discv4, discv5.1, ENR).
    public var nodeID: [UInt8] { Keccak256.hash(raw64) }

    /// Ethereum address: the last 20 bytes of `keccak256(X ‖ Y)`.
    public var ethereumAddress: [UInt8] { Array(Keccak256.hash(raw64)[12..<32]) }

    /// Verifies a 64-byte `R ‖ S` signature over a 32-byte digest like go-ethereum's
    /// `VerifySignature`: high-S signatures are rejected (ENR "v4", discv5.1). Never throws; any
    /// malformed input is simply `false`.
    public func verifyCompact(signature64: some Collection<UInt8>, digest: some Collection<UInt8>) -> Bool {
        let signatureBytes = Array(signature64), digestBytes = Array(digest)
        guard signatureBytes.count == 64, digestBytes.count == 32 else { return false }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_compact(context, &signature, signatureBytes) == 1 else { return false }
        var key = parsed
        // secp256k1_ecdsa_verify only accepts lower-S signatures, which is the rule we want.
        return secp256k1_ecdsa_verify(context, &signature, digestBytes, &key) == 1
    }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool { lhs.raw64 == rhs.raw64 }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw64) }
}

extension PublicKey: CustomStringConvertible {
    /// Status-style `0x04…` hex.
    public var description: String { "0x" + Hex.encode(uncompressed) }
}
