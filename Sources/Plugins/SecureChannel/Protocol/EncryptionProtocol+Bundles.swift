import Foundation
import Primitives

extension EncryptionProtocol {
    /// Our bundle, re-signed with a fresh timestamp: our signed pre-key (rotated after 24 h with version + 1)
    /// plus those of our other enabled installations (at most 3 entries in all).
    public func bundle() throws(EncryptionProtocolError) -> Encryption_Bundle {
        try atomically { try currentBundle() }
    }

    /// Verifies and stores a bundle obtained out of band (contact code, QR, another channel) and returns the
    /// installations it introduced. With `sender`, the bundle must be signed by that identity.
    @discardableResult
    public func receiveBundle(_ bundle: Encryption_Bundle, from sender: PublicKey? = nil) throws(EncryptionProtocolError) -> [Installation] {
        let owner: PublicKey
        do { owner = try bundle.verifiedIdentity() } catch { throw .bundleRejected(error) }
        if let sender, sender != owner { throw .bundleRejected(.identityIsNotSender) }
        return try atomically { try storeBundle(bundle, identity: owner) }
    }

    /// Verifies every bundle of a received message (all must be signed by the sender) before storing any.
    func receiveBundles(_ bundles: [Encryption_Bundle], from sender: PublicKey) throws(EncryptionProtocolError) -> [Installation] {
        for bundle in bundles {
            let owner: PublicKey
            do { owner = try bundle.verifiedIdentity() } catch { throw .bundleRejected(error) }
            guard owner == sender else { throw .bundleRejected(.identityIsNotSender) }
        }
        guard !bundles.isEmpty else { return [] }
        return try atomically { try bundles.flatMap { try storeBundle($0, identity: sender) } }
    }

    /// Our signed pre-key row, rotated when older than the refresh interval.
    func currentOwnPreKey(now: Int64) throws -> StoredPreKey {
        let rows = try store.preKeys(identity: identityBytes, installationID: installationID)
        if let current = rows.first(where: { !$0.expired && $0.privateKey != nil }) {
            guard current.timestamp < now - SecureChannelConstants.bundleRefreshIntervalNanoseconds else { return current }
            for row in rows where row.privateKey != nil && !row.expired {
                var expired = row
                expired.expired = true
                try store.savePreKey(expired)
            }
        }
        let key = PrivateKey.generate()
        let fresh = StoredPreKey(identity: identityBytes, installationID: installationID, signedPreKey: key.publicKey.compressed,
                                 privateKey: key, version: (rows.first?.version ?? 0) + 1, timestamp: now)
        try store.savePreKey(fresh)
        return fresh
    }

    func currentBundle() throws -> Encryption_Bundle {
        let now = clock()
        let own = try currentOwnPreKey(now: now)
        var bundle = Encryption_Bundle()
        bundle.identity = Data(identityBytes)
        bundle.signedPreKeys[installationID] = Self.entry(own, protocolVersion: SecureChannelConstants.protocolVersion)
        for other in try ourActiveOtherInstallations() {
            if let preKey = try activePreKey(identity: identityBytes, installationID: other.id) {
                bundle.signedPreKeys[other.id] = Self.entry(preKey, protocolVersion: other.version)
            }
        }
        bundle.timestamp = now
        do { try bundle.sign(with: identityKey) } catch { throw EncryptionProtocolError.signingFailed("\(error)") }
        return bundle
    }

    private static func entry(_ key: StoredPreKey, protocolVersion: UInt32) -> Encryption_SignedPreKey {
        var entry = Encryption_SignedPreKey()
        entry.signedPreKey = Data(key.signedPreKey)
        entry.version = key.version
        entry.protocolVersion = protocolVersion
        return entry
    }

    /// The highest-version signed pre-key of an installation that has not been replaced.
    func activePreKey(identity: [UInt8], installationID: String) throws -> StoredPreKey? {
        try store.preKeys(identity: identity, installationID: installationID).first { !$0.expired }
    }

    /// Stores a verified bundle: its pre-keys (a higher version expires older ones) and its installations
    /// (others' enabled on sight, ours disabled until paired). Returns the installations seen for the first time.
    func storeBundle(_ bundle: Encryption_Bundle, identity owner: PublicKey) throws -> [Installation] {
        let ownerBytes = owner.compressed
        let isOurs = owner == identity
        var inserted: [Installation] = []
        for (id, entry) in bundle.signedPreKeys.sorted(by: { $0.key < $1.key }) where id != installationID {
            try storePreKey(Array(entry.signedPreKey), version: entry.version, owner: ownerBytes, installationID: id,
                            timestamp: bundle.timestamp)
            if var known = try store.installation(identity: ownerBytes, id: id) {
                if known.timestamp < bundle.timestamp {
                    known.timestamp = bundle.timestamp
                    known.version = max(known.version, entry.protocolVersion)
                    try store.saveInstallation(known)
                }
            } else {
                let fresh = Installation(identity: ownerBytes, id: id, version: entry.protocolVersion, enabled: !isOurs,
                                         timestamp: bundle.timestamp)
                try store.saveInstallation(fresh)
                inserted.append(fresh)
            }
        }
        return inserted
    }

    private func storePreKey(_ signedPreKey: [UInt8], version: UInt32, owner: [UInt8], installationID id: String,
                             timestamp: Int64) throws {
        guard try store.preKey(signedPreKey: signedPreKey) == nil else { return }
        let existing = try store.preKeys(identity: owner, installationID: id)
        let superseded = existing.contains { !$0.expired && $0.version > version }
        try store.savePreKey(StoredPreKey(identity: owner, installationID: id, signedPreKey: signedPreKey, privateKey: nil,
                                          version: version, timestamp: timestamp, expired: superseded))
        guard !superseded else { return }
        for row in existing where !row.expired {
            var old = row
            old.expired = true
            try store.savePreKey(old)
        }
    }
}
