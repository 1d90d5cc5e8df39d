import Primitives

extension EncryptionProtocol {
    /// Every known installation of `identity`, newest first.
    public func installations(of identity: PublicKey) throws(EncryptionProtocolError) -> [Installation] {
        try atomically { try store.installations(identity: identity.compressed) }
    }

    /// Our own installations: this one (always enabled) and the others we have seen.
    public func ourInstallations() throws(EncryptionProtocolError) -> [Installation] {
        try atomically {
            let others = try store.installations(identity: identityBytes).filter { $0.id != installationID }
            let me = Installation(identity: identityBytes, id: installationID, version: SecureChannelConstants.protocolVersion,
                                  enabled: true, timestamp: clock())
            return [me] + others
        }
    }

    /// Pairs one of our other installations: it gets our messages and its pre-key goes into our bundle
    /// (only the 2 newest enabled others count, for 3 installations in all).
    public func enableInstallation(_ id: String) throws(EncryptionProtocolError) {
        try setInstallation(id, enabled: true)
    }

    /// Unpairs one of our other installations.
    public func disableInstallation(_ id: String) throws(EncryptionProtocolError) {
        try setInstallation(id, enabled: false)
    }

    private func setInstallation(_ id: String, enabled: Bool) throws(EncryptionProtocolError) {
        try atomically {
            guard var installation = try store.installation(identity: identityBytes, id: id) else {
                throw EncryptionProtocolError.unknownInstallation(id)
            }
            installation.enabled = enabled
            try store.saveInstallation(installation)
        }
    }

    /// Our other enabled installations that receive our messages and appear in our bundle (newest 2).
    func ourActiveOtherInstallations() throws -> [Installation] {
        Array(try store.installations(identity: identityBytes)
            .filter { $0.enabled && $0.id != installationID }
            .prefix(SecureChannelConstants.maxInstallations - 1))
    }
}
