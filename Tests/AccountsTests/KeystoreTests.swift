import Foundation
import Primitives
import Testing
@testable import Accounts

@Suite struct KeystoreTests {
    static let seed = try! Mnemonic(phrase: StatusKeysTests.coinGlobe).seed()

    /// A fresh data directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-accounts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func createUnlockRoundTrip() throws {
        let file = try AccountFile.create(seed: Self.seed, passphrase: "correct horse", parameters: .testing)
        #expect(file.chatKey.address.lowercased() == "0x4851276e2b7dc3b8bef1749127031bcb3578492d")
        #expect(file.walletAddress.lowercased() == "0x23a5cef34b18920785f4b895849936f65cbdef73")
        let data = try file.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"version\" : 1") && text.contains("argon2id13") && text.contains("xchacha20poly1305-ietf"))
        let parsed = try AccountFile(jsonData: data)
        #expect(parsed == file)
        #expect(try parsed.unlock(passphrase: "correct horse") == Self.seed)
    }

    @Test func wrongPassphraseIsAClearError() throws {
        let file = try AccountFile.create(seed: Self.seed, passphrase: "right", parameters: .testing)
        #expect(throws: KeystoreError.wrongPassphrase(path: "a.json")) { try file.unlock(passphrase: "wrong", path: "a.json") }
        #expect(throws: KeystoreError.wrongPassphrase(path: "a.json")) { try file.unlock(passphrase: "", path: "a.json") }
        #expect(KeystoreError.wrongPassphrase(path: "a.json").description == "wrong passphrase for a.json; nothing was changed")
        #expect(throws: KeystoreError.emptyPassphrase) { try AccountFile.create(seed: Self.seed, passphrase: "", parameters: .testing) }
    }

    @Test func storeWritesOwnerOnlyFilesAndNeverChangesThemOnFailure() throws {
        let dataDirectory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let store = AccountStore(dataDirectory: dataDirectory)
        #expect(try store.list().entries.isEmpty)
        let entry = try store.add(seed: Self.seed, passphrase: "first", parameters: .testing)
        #expect(try Self.mode(entry.path) == 0o600)
        #expect(try Self.mode(store.directory.path) == 0o700)
        #expect(throws: KeystoreError.alreadyExists(path: entry.path)) { try store.add(seed: Self.seed, passphrase: "x", parameters: .testing) }
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory.path) == [(entry.path as NSString).lastPathComponent])

        let before = try Data(contentsOf: URL(fileURLWithPath: entry.path))
        #expect(throws: KeystoreError.wrongPassphrase(path: entry.path)) { try store.changePassphrase(of: entry, from: "nope", to: "second") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: entry.path)) == before)

        let changed = try store.changePassphrase(of: entry, from: "first", to: "second")
        #expect(try Self.mode(entry.path) == 0o600)
        #expect(throws: KeystoreError.wrongPassphrase(path: entry.path)) { try store.unlock(changed, passphrase: "first") }
        #expect(try store.unlock(changed, passphrase: "second") == Self.seed)
    }

    @Test func findsAccountsBySelector() throws {
        let dataDirectory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let store = AccountStore(dataDirectory: dataDirectory)
        #expect(throws: KeystoreError.self) { try store.find(nil) }
        let first = try store.add(seed: Self.seed, passphrase: "p", parameters: .testing)
        #expect(try store.find(nil) == first)
        let other = try Mnemonic(phrase: StatusKeysTests.abandonAbout).seed()
        let second = try store.add(seed: other, passphrase: "p", parameters: .testing)
        #expect(throws: KeystoreError.self) { try store.find(nil) }
        let chat = first.file.chatKey
        for selector in [chat.statusID, chat.zq3, chat.compressedHex, chat.address, chat.address.uppercased().replacingOccurrences(of: "0X", with: "0x"),
                         first.file.walletAddress, ThreeWordName.generate(for: chat.publicKey).lowercased()] {
            #expect(try store.find(selector) == first, "\(selector)")
        }
        #expect(try store.find(second.file.chatKey.zq3) == second)
        #expect(throws: KeystoreError.self) { try store.find("nobody") }
    }

    @Test func truncatedAndTamperedFilesAreRejected() throws {
        let file = try AccountFile.create(seed: Self.seed, passphrase: "pw", parameters: .testing)
        let data = try file.jsonData()
        for cut in [0, 1, 10, data.count / 2, data.count - 3] {
            #expect(throws: KeystoreError.self, "cut at \(cut)") { try AccountFile(jsonData: data.prefix(cut), path: "t.json") }
        }
        do {
            _ = try AccountFile(jsonData: data.prefix(40), path: "t.json")
            Issue.record("accepted a truncated file")
        } catch let error as KeystoreError {
            #expect(error == .malformed(path: "t.json", reason: "not JSON, or truncated"))
            #expect(error.description.contains("import the recovery phrase again"))
        }
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // A future version.
        object["version"] = 2
        #expect(throws: KeystoreError.unsupportedVersion(path: "t.json", version: 2)) {
            try AccountFile(jsonData: JSONSerialization.data(withJSONObject: object), path: "t.json")
        }
        object["version"] = 1
        // Another key in the clear: the ciphertext's associated data no longer matches.
        let other = ChatKey(PrivateKey.generate().publicKey)
        object["chatKey"] = other.statusID
        object["address"] = other.address
        let swapped = try AccountFile(jsonData: JSONSerialization.data(withJSONObject: object), path: "t.json")
        #expect(throws: KeystoreError.wrongPassphrase(path: "t.json")) { try swapped.unlock(passphrase: "pw", path: "t.json") }
        // Absurd KDF costs are refused before any work.
        var kdf = try #require(object["kdf"] as? [String: Any])
        kdf["memLimit"] = UInt64(1) << 40
        object["kdf"] = kdf
        #expect(throws: KeystoreError.self) { try AccountFile(jsonData: JSONSerialization.data(withJSONObject: object), path: "t.json") }
    }

    @Test func listReportsBrokenFilesWithoutFailing() throws {
        let dataDirectory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let store = AccountStore(dataDirectory: dataDirectory)
        let entry = try store.add(seed: Self.seed, passphrase: "p", parameters: .testing)
        let broken = store.directory.appendingPathComponent("broken.json")
        try Data("{\"format\": \"parley-account\", \"vers".utf8).write(to: broken)
        let listing = try store.list()
        #expect(listing.entries == [entry])
        #expect(listing.problems.count == 1)
        #expect(listing.problems.first?.description.contains("broken.json") == true)
    }

    @Test func parametersAreBounded() {
        #expect(throws: KeystoreError.self) { try KeystoreParameters(opsLimit: 0, memLimit: 8192) }
        #expect(throws: KeystoreError.self) { try KeystoreParameters(opsLimit: 1, memLimit: 1024) }
        #expect(throws: KeystoreError.self) { try KeystoreParameters(opsLimit: 17, memLimit: 8192) }
        #expect(KeystoreParameters.standard.memLimit == 128 << 20)
    }
}
