import CSecp256k1

/// A secp256k1 private key (32 bytes, 1 ≤ d < n) and what it is used for: recoverable and compact
/// ECDSA signatures (RFC 6979 nonces, low-S) and ECDH (wire-facts §0.3).
///
/// The public key is derived once at construction. `description` never prints the secret.
public struct PrivateKey: Sendable, Equatable {
    /// The 32-byte big-endian scalar. Treat as secret.
    public let rawBytes: [UInt8]
    /// The matching public key.
    public let publicKey: PublicKey

    /// Validates and wraps a 32-byte scalar.
    public init(rawBytes: some Collection<UInt8>) throws {
        let bytes = Array(rawBytes)
        guard bytes.count == 32 else { throw Secp256k1Error.invalidPrivateKeyLength(bytes.count) }
        let context = Secp256k1Context.shared.pointer
        guard secp256k1_ec_seckey_verify(context, bytes) == 1 else { throw Secp256k1Error.privateKeyOutOfRange }
        var key = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(context, &key, bytes) == 1 else { throw Secp256k1Error.privateKeyOutOfRange }
        self.rawBytes = bytes
        self.publicKey = PublicKey(parsed: key)
    }

    /// A fresh random key from the system CSPRNG.
    public static func generate() -> PrivateKey {
        while true {
            var candidate = SecureRandom.bytes(32)
            defer { secureZero(&candidate) }
            if let key = try? PrivateKey(rawBytes: candidate) { return key }
        }
    }

    /// `R(32) ‖ S(32) ‖ V(1)` over a 32-byte digest, V ∈ {0, 1}, RFC 6979 nonce, low-S. The digest is
    /// signed as given (no extra hashing).
    public func signRecoverable(digest: [UInt8]) throws -> RecoverableSignature {
        guard digest.count == 32 else { throw Secp256k1Error.invalidDigestLength(digest.count) }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_sign_recoverable(context, &signature, digest, rawBytes, nil, nil) == 1 else {
            throw Secp256k1Error.signingFailed
        }
        var out = [UInt8](repeating: 0, count: 64)
        var recoveryID: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(context, &out, &recoveryID, &signature)
        out.append(UInt8(truncatingIfNeeded: recoveryID))
        return try RecoverableSignature(bytes65: out)
    }

    /// 64-byte `R ‖ S` over a 32-byte digest, RFC 6979 nonce, low-S (ENR "v4", discv5.1).
    public func signCompact(digest: [UInt8]) throws -> [UInt8] {
        guard digest.count == 32 else { throw Secp256k1Error.invalidDigestLength(digest.count) }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_sign(context, &signature, digest, rawBytes, nil, nil) == 1 else {
            throw Secp256k1Error.signingFailed
        }
        var out = [UInt8](repeating: 0, count: 64)
        _ = secp256k1_ecdsa_signature_serialize_compact(context, &out, &signature)
        return out
    }

    /// `ECDH_x`: the X coordinate of `self · peer`, 32 bytes big-endian, left-padded — go-ethereum's
    /// `ecies.GenerateShared` (ECIES, RLPx secrets, X3DH, Double Ratchet). Not the hashed libsecp256k1
    /// default.
    public func sharedSecretX(with peer: PublicKey) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var point = peer.parsed
        guard secp256k1_ecdh(Secp256k1Context.shared.pointer, &out, &point, rawBytes,
                             parley_ecdh_raw_x_function(), nil) == 1 else {
            throw Secp256k1Error.ecdhFailed
        }
        return out
    }

    /// The compressed point `02/03 ‖ X` of `self · peer`, 33 bytes (the discv5.1 handshake variant).
    public func sharedSecretCompressed(with peer: PublicKey) throws -> [UInt8] {
        var point = peer.parsed
        guard secp256k1_ec_pubkey_tweak_mul(Secp256k1Context.shared.pointer, &point, rawBytes) == 1 else {
            throw Secp256k1Error.ecdhFailed
        }
        return PublicKey(parsed: point).compressed
    }

    /// `(self + tweak) mod n` (BIP-32 private child derivation).
    public func adding(tweak: some Collection<UInt8>) throws -> PrivateKey {
        let tweakBytes = Array(tweak)
        guard tweakBytes.count == 32 else { throw Secp256k1Error.tweakFailed }
        var scalar = rawBytes
        defer { secureZero(&scalar) }
        guard secp256k1_ec_seckey_tweak_add(Secp256k1Context.shared.pointer, &scalar, tweakBytes) == 1 else {
            throw Secp256k1Error.tweakFailed
        }
        return try PrivateKey(rawBytes: scalar)
    }

    /// Constant-time comparison of the secret scalars.
    public static func == (lhs: PrivateKey, rhs: PrivateKey) -> Bool {
        ConstantTime.equals(lhs.rawBytes, rhs.rawBytes)
    }
}

extension PrivateKey: CustomStringConvertible {
    /// Never reveals the secret: shows the public key instead.
    public var description: String { "PrivateKey(public: \(publicKey))" }
}

extension PublicKey {
    /// `self + tweak·G` (BIP-32 public child derivation).
    public func adding(tweak: some Collection<UInt8>) throws -> PublicKey {
        let tweakBytes = Array(tweak)
        guard tweakBytes.count == 32 else { throw Secp256k1Error.tweakFailed }
        var point = parsed
        guard secp256k1_ec_pubkey_tweak_add(Secp256k1Context.shared.pointer, &point, tweakBytes) == 1 else {
            throw Secp256k1Error.tweakFailed
        }
        return PublicKey(parsed: point)
    }
}
