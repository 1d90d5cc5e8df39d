import CSecp256k1

/// A 65-byte recoverable ECDSA signature `R(32) ‖ S(32) ‖ V(1)`, V ∈ {0, 1} (wire-facts §0.3).
///
/// The public key is recovered from it rather than sent (RLPx auth, discv4, Waku signatures,
/// Status bundles and membership events). Construction checks the length and V; R and S are
/// checked when recovering.
public struct RecoverableSignature: Sendable, Equatable, Hashable {
    /// `R ‖ S ‖ V`.
    public let bytes: [UInt8]

    /// Wraps 65 bytes; V must be 0…3 (0/1 in practice — 27/28 is rejected).
    public init(bytes65: some Collection<UInt8>) throws {
        let raw = Array(bytes65)
        guard raw.count == 65 else { throw Secp256k1Error.invalidSignatureLength(expected: 65, actual: raw.count) }
        guard raw[64] <= 3 else { throw Secp256k1Error.invalidRecoveryID(raw[64]) }
        self.bytes = raw
    }

    /// R, 32 bytes.
    public var r: [UInt8] { Array(bytes[0..<32]) }
    /// S, 32 bytes.
    public var s: [UInt8] { Array(bytes[32..<64]) }
    /// The recovery id V.
    public var v: UInt8 { bytes[64] }
    /// `R ‖ S` without V (for 64-byte verification).
    public var compact: [UInt8] { Array(bytes[0..<64]) }

    /// The public key that produced this signature over `digest` (32 bytes).
    public func recoverPublicKey(digest: [UInt8]) throws -> PublicKey {
        guard digest.count == 32 else { throw Secp256k1Error.invalidDigestLength(digest.count) }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_recoverable_signature()
        let compactBytes = compact
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &signature, compactBytes, Int32(v)) == 1 else {
            throw Secp256k1Error.invalidSignature
        }
        var key = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &key, &signature, digest) == 1 else {
            throw Secp256k1Error.recoveryFailed
        }
        return PublicKey(parsed: key)
    }
}
