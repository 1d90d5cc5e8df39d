import Foundation
import Primitives

extension Encryption_Bundle {
    /// The bytes status-go signs (`x3dh.go buildSignatureMaterial`, wire-facts §3.2, errata #19): for each installation
    /// id in Go byte-wise order, `utf8(id) ‖ signed_pre_key ‖ ascii_decimal(version)`; then
    /// `ascii_decimal(timestamp)` when the timestamp is non-zero. `protocol_version` is not signed.
    public var signatureMaterial: [UInt8] {
        var material: [UInt8] = []
        let ids = signedPreKeys.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for id in ids {
            guard let entry = signedPreKeys[id] else { continue }
            material += Array(id.utf8)
            material += Array(entry.signedPreKey)
            material += Array(String(entry.version).utf8)
        }
        if timestamp != 0 { material += Array(String(timestamp).utf8) }
        return material
    }

    /// Signs the material with the identity key: `Sign65(keccak256(material), identity)`.
    public mutating func sign(with identityKey: PrivateKey) throws {
        signature = Data(try identityKey.signRecoverable(digest: Keccak256.hash(signatureMaterial)).bytes)
    }

    /// Verifies the bundle and returns its identity: the key recovered from the signature must have the same
    /// Ethereum address as the decompressed `identity` (status-go `ExtractIdentity`). Every signed pre-key
    /// must also be a valid pub33 and every installation id usable.
    public func verifiedIdentity() throws(BundleError) -> PublicKey {
        guard identity.count == 33, let claimed = try? PublicKey(bytes: identity) else {
            throw .invalidIdentityKey(length: identity.count)
        }
        guard signature.count == 65, let recoverable = try? RecoverableSignature(bytes65: signature) else {
            throw .malformedSignature(length: signature.count)
        }
        guard let recovered = try? recoverable.recoverPublicKey(digest: Keccak256.hash(signatureMaterial)),
              recovered.ethereumAddress == claimed.ethereumAddress else {
            throw .signatureMismatch
        }
        guard !signedPreKeys.isEmpty else { throw .noSignedPreKeys }
        for (id, entry) in signedPreKeys {
            guard !id.isEmpty, id != SecureChannelConstants.noInstallationID else { throw .invalidInstallationID(id) }
            guard entry.signedPreKey.count == 33, (try? PublicKey(bytes: entry.signedPreKey)) != nil else {
                throw .invalidSignedPreKey(installationID: id, length: entry.signedPreKey.count)
            }
        }
        return claimed
    }
}
