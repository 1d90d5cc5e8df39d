import Foundation
import Primitives
import Testing
@testable import SecureChannel

/// The same behaviour from every `SecureChannelStore`.
enum StoreKind: String, CaseIterable, CustomStringConvertible {
    case memory, sqlite, sqliteEncrypted
    var description: String { rawValue }

    func make(in directory: TemporaryDirectory) throws -> any SecureChannelStore {
        switch self {
        case .memory: return InMemorySecureChannelStore()
        case .sqlite: return try SQLiteSecureChannelStore(path: directory.path("plain.sqlite"))
        case .sqliteEncrypted:
            return try SQLiteSecureChannelStore(path: directory.path("sealed.sqlite"), databaseKey: Array(repeating: 7, count: 32))
        }
    }
}

@Suite("SecureChannelStore contract (in-memory and SQLite)")
struct StoreContractTests {
    static func key() -> [UInt8] { PrivateKey.generate().publicKey.compressed }

    @Test("pre-keys, installations, ratchet infos and shared secrets round-trip with the documented order",
          arguments: StoreKind.allCases)
    func rows(kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try kind.make(in: directory)
        let identity = Self.key(), own = PrivateKey.generate()
        let v1 = StoredPreKey(identity: identity, installationID: "d", signedPreKey: Self.key(), privateKey: nil, version: 1, timestamp: 10)
        let v2 = StoredPreKey(identity: identity, installationID: "d", signedPreKey: own.publicKey.compressed, privateKey: own,
                              version: 2, timestamp: 20, expired: true)
        try store.savePreKey(v1)
        try store.savePreKey(v2)
        #expect(try store.preKeys(identity: identity, installationID: "d") == [v2, v1])
        #expect(try store.preKey(signedPreKey: v2.signedPreKey) == v2)
        #expect(try store.preKey(signedPreKey: Self.key()) == nil)

        let old = Installation(identity: identity, id: "old", version: 0, enabled: true, timestamp: 5)
        let new = Installation(identity: identity, id: "new", version: 1, enabled: false, timestamp: 9)
        try store.saveInstallation(old)
        try store.saveInstallation(new)
        #expect(try store.installations(identity: identity) == [new, old])
        #expect(try store.installation(identity: identity, id: "old") == old)

        let first = RatchetInfo(identity: identity, bundleID: Self.key(), installationID: "d", sharedKey: SecureRandom.bytes(32),
                                ephemeralKey: Self.key(), createdAt: 100)
        let second = RatchetInfo(identity: identity, bundleID: Self.key(), installationID: "d", sharedKey: SecureRandom.bytes(32),
                                 ephemeralKey: nil, createdAt: 100)
        try store.saveRatchetInfo(first)
        try store.saveRatchetInfo(second)
        #expect(try store.ratchetInfos(identity: identity, installationID: "d") == [second, first])   // ties: newest insert first
        var confirmed = first
        confirmed.ephemeralKey = nil
        try store.saveRatchetInfo(confirmed)
        #expect(try store.ratchetInfo(identity: identity, bundleID: first.bundleID, installationID: "d") == confirmed)
        #expect(try store.ratchetInfos(identity: identity, installationID: "d") == [second, confirmed])  // update keeps order

        try store.saveSharedSecret([1, 2, 3], identity: identity, installationID: "d")
        #expect(try store.sharedSecrets(identity: identity) == ["d": [1, 2, 3]])
        #expect(try store.sharedSecrets(identity: Self.key()).isEmpty)
    }

    @Test("sessions and skipped keys: save, look up, delete, prune", arguments: StoreKind.allCases)
    func sessions(kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try kind.make(in: directory)
        let spk = PrivateKey.generate()
        var state = try RatchetState.initiator(sharedKey: SecureRandom.bytes(32), remoteSignedPreKey: spk.publicKey)
        _ = try state.encrypt([1])
        let id = Self.key() + Array("dev".utf8)
        try store.saveSession(state, id: id)
        #expect(try store.session(id: id) == state)
        let ratchetKey = Self.key()
        let keys = (0..<6).map { SkippedMessageKey(ratchetKey: ratchetKey, n: UInt32($0), messageKey: SecureRandom.bytes(32), sequence: UInt64($0)) }
        try store.addSkippedKeys(keys, session: id)
        #expect(try store.skippedKeyCount(session: id) == 6)
        #expect(try store.skippedKey(session: id, slot: keys[2].slot) == keys[2].messageKey)
        #expect(try store.skippedKey(session: Self.key(), slot: keys[2].slot) == nil)
        try store.deleteSkippedKey(session: id, slot: keys[2].slot)
        #expect(try store.skippedKey(session: id, slot: keys[2].slot) == nil)
        // Keep 3 newest (5, 4, 3), and with keysCount 5 ≥ maxKeep 2 drop sequence ≤ 3.
        try store.pruneSkippedKeys(session: id, keysCount: 5, limits: RatchetLimits(maxSkip: 10, maxKeep: 2, maxMessageKeysPerSession: 3))
        #expect(try store.skippedKeyCount(session: id) == 2)
        #expect(try store.skippedKey(session: id, slot: keys[4].slot) == keys[4].messageKey)
        #expect(try store.skippedKey(session: id, slot: keys[3].slot) == nil)
        try store.deleteSession(id: id)
        #expect(try store.session(id: id) == nil)
        #expect(try store.skippedKeyCount(session: id) == 0)
    }

    struct Abort: Error {}

    @Test("transactions are all-or-nothing and nest", arguments: StoreKind.allCases)
    func transactions(kind: StoreKind) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let store = try kind.make(in: directory)
        let identity = Self.key()
        #expect(throws: Abort.self) {
            try store.transaction {
                try store.saveInstallation(Installation(identity: identity, id: "a", version: 1, enabled: true, timestamp: 1))
                try store.transaction {
                    try store.saveSharedSecret([9], identity: identity, installationID: "a")
                }
                throw Abort()
            }
        }
        #expect(try store.installations(identity: identity).isEmpty)
        #expect(try store.sharedSecrets(identity: identity).isEmpty)
        try store.transaction {
            try store.saveInstallation(Installation(identity: identity, id: "b", version: 1, enabled: true, timestamp: 1))
        }
        #expect(try store.installations(identity: identity).map(\.id) == ["b"])
    }
}
