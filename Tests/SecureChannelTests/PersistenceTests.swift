import Foundation
import Primitives
import Storage
import Testing
@testable import SecureChannel

@Suite("SQLite persistence: reopen, database key, secrets at rest, failed writes")
struct PersistenceTests {
    static let databaseKey = Array(repeating: UInt8(0x42), count: 32)

    static func device(_ account: Account, _ id: String, path: String, key: [UInt8]? = databaseKey,
                       clock: TestClock) throws -> EncryptionProtocol {
        try EncryptionProtocol(identityKey: account.key, installationID: id,
                               store: SQLiteSecureChannelStore(path: path, databaseKey: key), clock: clock.function)
    }

    @Test("sessions, skipped keys, pre-keys and installations survive closing and reopening the file")
    func reopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let alice = Account(), bob = Account()
        let clock = TestClock()
        let alicePath = directory.path("alice.sqlite"), bobPath = directory.path("bob.sqlite")
        var pending: [Encryption_ProtocolMessage] = []
        do {
            let a = try Self.device(alice, "alice-1", path: alicePath, clock: clock)
            let b = try Self.device(bob, "bob-1", path: bobPath, clock: clock)
            try await a.receiveBundle(try await b.bundle())
            for i in 0..<3 { pending.append(try await a.encrypt(Array(text: "m\(i)"), to: bob.identity).message) }
            #expect(try await b.decrypt(pending[2], from: alice.identity).payload == Array(text: "m2"))   // m0, m1 skipped
            let reply = try await b.encrypt(Array(text: "r0"), to: alice.identity).message
            #expect(try await a.decrypt(reply, from: bob.identity).payload == Array(text: "r0"))
        }
        // Both actors (and their SQLite handles) are gone; reopen the same files.
        let a = try Self.device(alice, "alice-1", path: alicePath, clock: clock)
        let b = try Self.device(bob, "bob-1", path: bobPath, clock: clock)
        #expect(try await b.decrypt(pending[0], from: alice.identity).payload == Array(text: "m0"))
        #expect(try await b.decrypt(pending[1], from: alice.identity).payload == Array(text: "m1"))
        await #expect(throws: EncryptionProtocolError.ratchet(.messageKeyUnavailable(n: 2))) {
            try await b.decrypt(pending[2], from: alice.identity)
        }
        let next = try await a.encrypt(Array(text: "after reopen"), to: bob.identity)
        #expect(next.message.directMessage["bob-1"]?.hasX3DhHeader == false)   // the confirmation was persisted
        #expect(try await b.decrypt(next.message, from: alice.identity).payload == Array(text: "after reopen"))
        #expect(try await a.installations(of: bob.identity).map(\.id) == ["bob-1"])
        let bundleBefore = try await b.bundle()
        let bundleAfter = try await b.bundle()
        #expect(bundleBefore.signedPreKeys == bundleAfter.signedPreKeys)
        #expect(bundleAfter.signedPreKeys["bob-1"]?.version == 1)
    }

    @Test("wrong, missing or unexpected database keys are typed errors on open")
    func databaseKeys() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let sealed = directory.path("sealed.sqlite"), plain = directory.path("plain.sqlite")
        do {
            let store = try SQLiteSecureChannelStore(path: sealed, databaseKey: Self.databaseKey)
            try store.saveSharedSecret([1, 2, 3], identity: [9], installationID: "x")
            _ = try SQLiteSecureChannelStore(path: plain)
        }
        #expect(throws: SecureChannelStoreError.wrongDatabaseKey(path: sealed)) {
            try SQLiteSecureChannelStore(path: sealed, databaseKey: Array(repeating: 0x43, count: 32))
        }
        #expect(throws: SecureChannelStoreError.databaseKeyRequired(path: sealed)) { try SQLiteSecureChannelStore(path: sealed) }
        #expect(throws: SecureChannelStoreError.databaseNotEncrypted(path: plain)) {
            try SQLiteSecureChannelStore(path: plain, databaseKey: Self.databaseKey)
        }
        #expect(throws: SecureChannelStoreError.invalidDatabaseKeyLength(31)) {
            try SQLiteSecureChannelStore(path: directory.path("new.sqlite"), databaseKey: Array(repeating: 1, count: 31))
        }
        let reopened = try SQLiteSecureChannelStore(path: sealed, databaseKey: Self.databaseKey)
        #expect(try reopened.sharedSecrets(identity: [9]) == ["x": [1, 2, 3]])
        #expect(!SecureChannelStoreError.wrongDatabaseKey(path: sealed).description.isEmpty)
    }

    @Test("a row sealed under another key is a typed read error, never garbage")
    func tamperedRow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("sealed.sqlite")
        let store = try SQLiteSecureChannelStore(path: path, databaseKey: Self.databaseKey)
        try store.saveSharedSecret(SecureRandom.bytes(32), identity: [1], installationID: "a")
        // Move the sealed value to another row: the AD binds it to (identity, installation).
        try store.database.execute("UPDATE shared_secrets SET installation_id = 'b'")
        #expect(throws: SecureChannelStoreError.cannotDecryptColumn("shared_secrets.secret")) {
            try store.sharedSecrets(identity: [1])
        }
    }

    /// Every byte of the database files (main + WAL).
    static func fileBytes(_ path: String) -> [UInt8] {
        [path, path + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }.flatMap { Array($0) }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var index = haystack.startIndex
        while let hit = haystack[index...].firstIndex(of: first), hit + needle.count <= haystack.count {
            if Array(haystack[hit..<(hit + needle.count)]) == needle { return true }
            index = hit + 1
        }
        return false
    }

    @Test("with a database key no X3DH secret, root key or pre-key appears in the files; without one they do",
          arguments: [true, false])
    func secretsAtRest(encrypted: Bool) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let alice = Account(), bob = Account()
        let clock = TestClock()
        let path = directory.path("bob.sqlite")
        let key: [UInt8]? = encrypted ? Self.databaseKey : nil
        do {
            let a = try alice.device("alice-1", clock: clock)
            let b = try Self.device(bob, "bob-1", path: path, key: key, clock: clock)
            try await a.receiveBundle(try await b.bundle())
            _ = try await b.decrypt(try await a.encrypt(Array(text: "x"), to: bob.identity).message, from: alice.identity)
        }
        let reader = try SQLiteSecureChannelStore(path: path, databaseKey: key)
        let preKey = try #require(try reader.preKeys(identity: bob.identity.compressed, installationID: "bob-1").first)
        let info = try #require(try reader.ratchetInfos(identity: alice.identity.compressed, installationID: "alice-1").first)
        let state = try #require(try reader.session(id: info.sessionID))
        let bytes = Self.fileBytes(path)
        let secrets = [try #require(preKey.privateKey).rawBytes, info.sharedKey, state.rootKey, state.sending.key]
        for secret in secrets {
            #expect(Self.contains(bytes, secret) == !encrypted)
        }
        #expect(Self.contains(bytes, preKey.signedPreKey))   // public values stay readable
    }

    @Test("a write failing mid-decryption rolls everything back; the message decrypts once the store recovers")
    func failedWriteRollsBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let alice = Account(), bob = Account()
        let clock = TestClock()
        let fault = FaultSwitch()
        let a = try alice.device("alice-1", clock: clock)
        let b = try EncryptionProtocol(
            identityKey: bob.key, installationID: "bob-1",
            store: FaultyStore(SQLiteSecureChannelStore(path: directory.path("bob.sqlite"), databaseKey: Self.databaseKey), fault: fault),
            clock: clock.function)
        try await a.receiveBundle(try await b.bundle())
        let m0 = try await a.encrypt(Array(text: "m0"), to: bob.identity).message
        let m1 = try await a.encrypt(Array(text: "m1"), to: bob.identity).message
        fault.failNext("saveSession")
        await #expect(throws: EncryptionProtocolError.self) { try await b.decrypt(m1, from: alice.identity) }
        fault.failNext("addSkippedKeys")
        await #expect(throws: EncryptionProtocolError.self) { try await b.decrypt(m1, from: alice.identity) }
        // Nothing of the failed attempts stuck: the session opens and both messages decrypt exactly once.
        #expect(try await b.decrypt(m1, from: alice.identity).payload == Array(text: "m1"))
        #expect(try await b.decrypt(m0, from: alice.identity).payload == Array(text: "m0"))
        await #expect(throws: EncryptionProtocolError.ratchet(.messageKeyUnavailable(n: 0))) { try await b.decrypt(m0, from: alice.identity) }
        // A failing send leaves the sending chain where it was.
        let reply1 = try await b.encrypt(Array(text: "r1"), to: alice.identity).message
        fault.failNext("saveSession")
        await #expect(throws: EncryptionProtocolError.self) { try await b.encrypt(Array(text: "lost"), to: alice.identity) }
        let reply2 = try await b.encrypt(Array(text: "r2"), to: alice.identity).message
        #expect(reply2.directMessage["alice-1"]?.drHeader.n == 1)
        #expect(try await a.decrypt(reply1, from: bob.identity).payload == Array(text: "r1"))
        #expect(try await a.decrypt(reply2, from: bob.identity).payload == Array(text: "r2"))
    }
}
