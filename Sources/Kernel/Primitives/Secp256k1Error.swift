/// Why a secp256k1 key, signature or operation was rejected.
public enum Secp256k1Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// A private key is not 32 bytes long.
    case invalidPrivateKeyLength(Int)
    /// A 32-byte private key is 0 or ≥ the curve order n.
    case privateKeyOutOfRange
    /// A public key is not 33, 64 or 65 bytes long.
    case invalidPublicKeyLength(Int)
    /// A 33/65-byte public key has a prefix other than 02/03 (33) or 04 (65).
    case invalidPublicKeyPrefix(UInt8)
    /// The bytes do not describe a point on the curve.
    case invalidPublicKey
    /// Signing and recovery take a 32-byte digest.
    case invalidDigestLength(Int)
    /// A signature has the wrong size for its format (65 recoverable, 64 compact).
    case invalidSignatureLength(expected: Int, actual: Int)
    /// The recovery id `V` is not 0…3.
    case invalidRecoveryID(UInt8)
    /// R or S is not a valid scalar, or the DER encoding is malformed.
    case invalidSignature
    /// No public key could be recovered from the signature and digest.
    case recoveryFailed
    /// libsecp256k1 refused to sign (the nonce function failed; practically unreachable).
    case signingFailed
    /// The ECDH result was the point at infinity or the scalar was invalid.
    case ecdhFailed
    /// A tweak made the key invalid (result zero/infinity) or was ≥ n.
    case tweakFailed

    public var description: String {
        switch self {
        case .invalidPrivateKeyLength(let count):
            return "secp256k1 private key must be 32 bytes, got \(count)"
        case .privateKeyOutOfRange:
            return "secp256k1 private key must be between 1 and n−1 (it is zero or not below the curve order)"
        case .invalidPublicKeyLength(let count):
            return "secp256k1 public key must be 33 (compressed), 64 (X‖Y) or 65 (04‖X‖Y) bytes, got \(count)"
        case .invalidPublicKeyPrefix(let prefix):
            return "secp256k1 public key has prefix 0x\(Hex.encode([prefix])); expected 02/03 (compressed) or 04 (uncompressed)"
        case .invalidPublicKey:
            return "secp256k1 public key is not a point on the curve"
        case .invalidDigestLength(let count):
            return "secp256k1 signatures are over a 32-byte digest, got \(count) bytes (hash the message first)"
        case .invalidSignatureLength(let expected, let actual):
            return "secp256k1 signature must be \(expected) bytes, got \(actual)"
        case .invalidRecoveryID(let v):
            return "secp256k1 recovery id V must be 0 or 1 (at most 3), got \(v) — 27/28-style V values are not used on these wires"
        case .invalidSignature:
            return "secp256k1 signature is malformed (R or S out of range, or bad DER)"
        case .recoveryFailed:
            return "no public key can be recovered from this signature and digest"
        case .signingFailed:
            return "libsecp256k1 failed to produce a signature"
        case .ecdhFailed:
            return "secp256k1 ECDH failed (invalid scalar or point at infinity)"
        case .tweakFailed:
            return "secp256k1 key tweak failed (tweak out of range or result is zero)"
        }
    }
}
