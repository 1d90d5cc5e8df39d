import Primitives

extension EncryptionProtocol {
    /// The negotiated-topic secret with `peer`: `ECDH_x(our identity, their identity)` (wire-facts §3.7). Static per
    /// pair of accounts; the topic and symmetric key derive from its hex (errata #1, #16).
    public func sharedSecret(with peer: PublicKey) throws(EncryptionProtocolError) -> [UInt8] {
        do { return try sharedSecretBytes(with: peer) } catch { throw EncryptionProtocolError(wrapping: error) }
    }

    /// Whether the secret is agreed with every installation a message to `peer` would address now — i.e. each
    /// has written to us advertising protocol version ≥ 1 — so sending may move to the negotiated topic.
    public func isNegotiated(with peer: PublicKey) throws(EncryptionProtocolError) -> Bool {
        try atomically {
            let ids = try targetInstallations(of: peer).filter { target in
                try activeRatchetInfo(identity: peer.compressed, installationID: target.id) != nil
                    || activePreKey(identity: peer.compressed, installationID: target.id) != nil
            }.map(\.id)
            return try hasAgreedSecret(with: peer, installationIDs: ids)
        }
    }

    func sharedSecretBytes(with peer: PublicKey) throws -> [UInt8] {
        do { return try identityKey.sharedSecretX(with: peer) } catch { throw X3DHError.keyAgreementFailed("\(error)") }
    }

    /// status-go `SharedSecret.Agreed`: non-empty, and a secret recorded for every installation id.
    func hasAgreedSecret(with peer: PublicKey, installationIDs: [String]) throws -> Bool {
        guard !installationIDs.isEmpty else { return false }
        let recorded = try store.sharedSecrets(identity: peer.compressed)
        return installationIDs.allSatisfy { recorded[$0] != nil }
    }
}
