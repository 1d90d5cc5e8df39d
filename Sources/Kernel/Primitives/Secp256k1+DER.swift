import CSecp256k1

/// ASN.1 DER ECDSA signatures, as libp2p's secp256k1 keys use them (Noise payloads, secio,
/// pubsub signing; wire-facts §0.3 "DER ECDSA"). The digest is SHA-256 of the data, hashed by the caller.
extension PrivateKey {
    /// DER `SEQUENCE { r, s }` over a 32-byte digest (RFC 6979, low-S).
    public func signDER(digest: [UInt8]) throws -> [UInt8] {
        guard digest.count == 32 else { throw Secp256k1Error.invalidDigestLength(digest.count) }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_sign(context, &signature, digest, rawBytes, nil, nil) == 1 else {
            throw Secp256k1Error.signingFailed
        }
        var out = [UInt8](repeating: 0, count: 72)
        var length = out.count
        guard secp256k1_ecdsa_signature_serialize_der(context, &out, &length, &signature) == 1 else {
            throw Secp256k1Error.signingFailed
        }
        return Array(out[0..<length])
    }
}

extension PublicKey {
    /// Verifies a strict-DER signature over a 32-byte digest. `allowHighS` (default `true`) accepts
    /// high-S signatures as go-libp2p's btcec-based verification does.
    public func verifyDER(signature der: some Collection<UInt8>, digest: some Collection<UInt8>, allowHighS: Bool = true) -> Bool {
        let derBytes = Array(der), digestBytes = Array(digest)
        guard !derBytes.isEmpty, digestBytes.count == 32 else { return false }
        let context = Secp256k1Context.shared.pointer
        var signature = secp256k1_ecdsa_signature()
        guard secp256k1_ecdsa_signature_parse_der(context, &signature, derBytes, derBytes.count) == 1 else { return false }
        if allowHighS {
            var normalized = secp256k1_ecdsa_signature()
            _ = secp256k1_ecdsa_signature_normalize(context, &normalized, &signature)
            signature = normalized
        }
        var key = parsed
        return secp256k1_ecdsa_verify(context, &signature, digestBytes, &key) == 1
    }
}
