import Foundation
import Primitives

/// One installation's secure channel (wire-facts §3): produces our bundle, encrypts 1:1 payloads into
/// ProtocolMessages for every active device of the recipient (X3DH on first contact, Double Ratchet after,
/// the "none" fallback without a bundle), reads received ProtocolMessages, and tracks the negotiated secret.
///
/// An actor because sessions are read-modify-write state shared by every task that sends or receives. Every
/// operation runs in one store transaction and decrypts on a copy: a refused or failed message changes nothing.
public actor EncryptionProtocol {
    /// Our identity key (the account's chat key).
    public nonisolated let identity: PublicKey
    /// Our installation (device) id.
    public nonisolated let installationID: String
    /// Skipped-key limits for every session.
    public nonisolated let limits: RatchetLimits

    let identityKey: PrivateKey
    let store: any SecureChannelStore
    let clock: @Sendable () -> Int64
    /// `identity.compressed`, the form every table uses.
    let identityBytes: [UInt8]

    /// - Parameters:
    ///   - identityKey: our identity private key.
    ///   - installationID: this device's id (non-empty, not "none").
    ///   - store: where sessions, keys and bundles live; the actor takes ownership.
    ///   - clock: UNIX time in nanoseconds (bundle timestamps and the 24 h rotation); injectable for tests.
    public init(identityKey: PrivateKey, installationID: String, store: sending any SecureChannelStore,
                limits: RatchetLimits = .statusGo,
                clock: @escaping @Sendable () -> Int64 = EncryptionProtocol.wallClockNanoseconds) throws(EncryptionProtocolError) {
        guard !installationID.isEmpty, installationID != SecureChannelConstants.noInstallationID else {
            throw .invalidInstallationID(installationID)
        }
        self.identityKey = identityKey
        self.identity = identityKey.publicKey
        self.identityBytes = identityKey.publicKey.compressed
        self.installationID = installationID
        self.store = store
        self.limits = limits
        self.clock = clock
    }

    /// The system clock, UNIX nanoseconds.
    public static let wallClockNanoseconds: @Sendable () -> Int64 = {
        Int64((Date().timeIntervalSince1970 * 1_000_000_000).rounded())
    }

    /// Runs `body` in one store transaction and reports any failure as `EncryptionProtocolError`.
    func atomically<T>(_ body: () throws -> T) throws(EncryptionProtocolError) -> T {
        do {
            return try store.transaction(body)
        } catch {
            throw EncryptionProtocolError(wrapping: error)
        }
    }
}
