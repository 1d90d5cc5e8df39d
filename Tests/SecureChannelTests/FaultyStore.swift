import Foundation
@testable import SecureChannel

/// Arms a one-shot failure of a named store operation (shared between the test and the store it wraps).
final class FaultSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var armed: String?
    func failNext(_ operation: String) { lock.withLock { armed = operation } }
    func check(_ operation: String) throws {
        let fire = lock.withLock { () -> Bool in
            guard armed == operation else { return false }
            armed = nil
            return true
        }
        if fire { throw SecureChannelStoreError.corruptRow(table: "injected", reason: "simulated crash in \(operation)") }
    }
}

/// A `SecureChannelStore` that forwards to another and fails where the switch says — a stand-in for a crash or
/// a full disk in the middle of an operation.
final class FaultyStore: SecureChannelStore {
    let inner: any SecureChannelStore
    let fault: FaultSwitch
    init(_ inner: any SecureChannelStore, fault: FaultSwitch) {
        self.inner = inner
        self.fault = fault
    }

    func transaction<T>(_ body: () throws -> T) throws -> T { try inner.transaction(body) }
    func savePreKey(_ key: StoredPreKey) throws { try fault.check("savePreKey"); try inner.savePreKey(key) }
    func preKey(signedPreKey: [UInt8]) throws -> StoredPreKey? { try inner.preKey(signedPreKey: signedPreKey) }
    func preKeys(identity: [UInt8], installationID: String) throws -> [StoredPreKey] {
        try inner.preKeys(identity: identity, installationID: installationID)
    }
    func saveInstallation(_ installation: Installation) throws { try fault.check("saveInstallation"); try inner.saveInstallation(installation) }
    func installation(identity: [UInt8], id: String) throws -> Installation? { try inner.installation(identity: identity, id: id) }
    func installations(identity: [UInt8]) throws -> [Installation] { try inner.installations(identity: identity) }
    func saveRatchetInfo(_ info: RatchetInfo) throws { try fault.check("saveRatchetInfo"); try inner.saveRatchetInfo(info) }
    func ratchetInfo(identity: [UInt8], bundleID: [UInt8], installationID: String) throws -> RatchetInfo? {
        try inner.ratchetInfo(identity: identity, bundleID: bundleID, installationID: installationID)
    }
    func ratchetInfos(identity: [UInt8], installationID: String) throws -> [RatchetInfo] {
        try inner.ratchetInfos(identity: identity, installationID: installationID)
    }
    func session(id: [UInt8]) throws -> RatchetState? { try inner.session(id: id) }
    func saveSession(_ state: RatchetState, id: [UInt8]) throws { try fault.check("saveSession"); try inner.saveSession(state, id: id) }
    func deleteSession(id: [UInt8]) throws { try fault.check("deleteSession"); try inner.deleteSession(id: id) }
    func skippedKey(session: [UInt8], slot: SkippedKeySlot) throws -> [UInt8]? { try inner.skippedKey(session: session, slot: slot) }
    func addSkippedKeys(_ keys: [SkippedMessageKey], session: [UInt8]) throws {
        try fault.check("addSkippedKeys")
        try inner.addSkippedKeys(keys, session: session)
    }
    func deleteSkippedKey(session: [UInt8], slot: SkippedKeySlot) throws {
        try fault.check("deleteSkippedKey")
        try inner.deleteSkippedKey(session: session, slot: slot)
    }
    func pruneSkippedKeys(session: [UInt8], keysCount: UInt64, limits: RatchetLimits) throws {
        try inner.pruneSkippedKeys(session: session, keysCount: keysCount, limits: limits)
    }
    func skippedKeyCount(session: [UInt8]) throws -> Int { try inner.skippedKeyCount(session: session) }
    func saveSharedSecret(_ secret: [UInt8], identity: [UInt8], installationID: String) throws {
        try fault.check("saveSharedSecret")
        try inner.saveSharedSecret(secret, identity: identity, installationID: installationID)
    }
    func sharedSecrets(identity: [UInt8]) throws -> [String: [UInt8]] { try inner.sharedSecrets(identity: identity) }
}
