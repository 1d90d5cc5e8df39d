import Foundation
import Primitives
import Storage
import Testing
@testable import DataSync

/// A stand-in for the messenger's database cipher: keystream and tag from keccak(key ‖ binding), so a
/// wrong key or a moved value fails to open (the store's behaviour is under test, not the cipher).
struct TestSealer: DataSyncBodySealer {
    let key: [UInt8]

    func seal(_ plaintext: [UInt8], binding: String) -> [UInt8] {
        let stream = keystream(binding, count: plaintext.count)
        return zip(plaintext, stream).map { $0 ^ $1 } + tag(plaintext, binding)
    }

    func open(_ sealed: [UInt8], binding: String) -> [UInt8]? {
        guard sealed.count >= 16 else { return nil }
        let body = Array(sealed.dropLast(16))
        let plaintext = zip(body, keystream(binding, count: body.count)).map { $0 ^ $1 }
        return Array(sealed.suffix(16)) == tag(plaintext, binding) ? plaintext : nil
    }

    private func keystream(_ binding: String, count: Int) -> [UInt8] {
        var out: [UInt8] = [], block = Keccak256.hash(key + Array(binding.utf8))
        while out.count < count { out += block; block = Keccak256.hash(block) }
        return Array(out.prefix(count))
    }

    private func tag(_ plaintext: [UInt8], _ binding: String) -> [UInt8] {
        Array(Keccak256.hash(key + Array(binding.utf8) + plaintext).prefix(16))
    }
}

/// Message bodies kept for retransmission are sealed at rest; files are 0600 (issue 19 item 4).
@Suite struct AtRestTests {
    let body = Array(text: "a very secret unacknowledged body")
    let key = [UInt8](repeating: 7, count: 32)

    func fileBytes(_ directory: TemporaryDirectory, _ name: String) -> Data {
        ["", "-wal", "-shm"].reduce(into: Data()) { data, suffix in data += FileManager.default.contents(atPath: directory.path(name + suffix)) ?? Data() }
    }

    @Test func unacknowledgedBodiesAreSealedAndStillRetransmitted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("alice.sqlite")
        do {
            let alice = try endpoint(Keys.alice, storage: .file(path: path, sealer: TestSealer(key: key)))
            _ = try await alice.send(body, toContact: Keys.bob.publicKey)
            #expect(fileBytes(directory, "alice.sqlite").range(of: Data(body)) == nil)
        }
        #expect(fileBytes(directory, "alice.sqlite").range(of: Data(body)) == nil)
        let alice = try endpoint(Keys.alice, storage: .file(path: path, sealer: TestSealer(key: key)))
        let output = try await alice.tick()
        #expect(output.outgoing.first?.payload.messages.first?.body == body)
    }

    @Test func aSealedFileNeedsItsKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("alice.sqlite")
        do {
            let alice = try endpoint(Keys.alice, storage: .file(path: path, sealer: TestSealer(key: key)))
            _ = try await alice.send(body, toContact: Keys.bob.publicKey)
        }
        #expect(throws: DataSyncError.self) { try endpoint(Keys.alice, storage: .file(path: path)) }
        let wrongKey = try endpoint(Keys.alice, storage: .file(path: path, sealer: TestSealer(key: [UInt8](repeating: 8, count: 32))))
        await #expect(throws: DataSyncError.self) { try await wrongKey.tick() }
    }

    @Test func aSealedBodyMovedToAnotherRowDoesNotOpen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("alice.sqlite")
        let first: SyncMessageID, second: SyncMessageID
        do {
            let alice = try endpoint(Keys.alice, storage: .file(path: path, sealer: TestSealer(key: key)))
            first = try await alice.send(body, toContact: Keys.bob.publicKey)
            second = try await alice.send(Array(text: "another body"), toContact: Keys.bob.publicKey)
        }
        do {
            let database = try SQLiteDatabase(path: path)
            let sealed = try database.statement("SELECT body FROM messages WHERE id = ?").rows([second.bytes]) { $0.blob(0) }
            try database.statement("UPDATE messages SET body = ? WHERE id = ?").run([try #require(sealed.first), first.bytes])
        }
        let store = try SQLiteDataSyncStore(path: path, identity: Keys.alice.publicKey.syncPeer, durability: .normal,
                                            sealer: TestSealer(key: key))
        #expect(throws: DataSyncError.self) { try store.message(first) }
        #expect(try store.message(second)?.body == Array(text: "another body"))
    }

    @Test func aClearFileFromBeforeIsSealedOnFirstOpenWithAKey() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let path = directory.path("alice.sqlite")
        do {
            let alice = try endpoint(Keys.alice, storage: .file(path: path))
            _ = try await alice.send(body, toContact: Keys.bob.publicKey)
        }
        #expect(fileBytes(directory, "alice.sqlite").range(of: Data(body)) != nil)   // the old behaviour
        do {
            let alice = try endpoint(Keys.alice, storage: .file(path: path, sealer: TestSealer(key: key)))
            #expect(fileBytes(directory, "alice.sqlite").range(of: Data(body)) == nil)   // secure_delete + checkpoint
            #expect(try await alice.tick().outgoing.first?.payload.messages.first?.body == body)
        }
    }

    @Test func sqliteFilesAreCreatedOwnerOnlyAndOldOnesAreFixed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let fresh = directory.path("fresh.sqlite"), old = directory.path("old.sqlite")
        FileManager.default.createFile(atPath: old, contents: nil, attributes: [.posixPermissions: 0o644])
        for path in [fresh, old] {
            let database = try SQLiteDatabase(path: path)
            try database.execute("CREATE TABLE t (x)")
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                let mode = try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(path + suffix)")
            }
        }
    }
}
