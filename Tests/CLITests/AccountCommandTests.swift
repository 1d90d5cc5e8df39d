import Foundation
import Testing

/// `parley account …` end to end: phrases and passphrases arrive on stdin (not a terminal).
@Suite struct AccountCommandTests {
    static let coinGlobe = "coin globe kit hamster notable proof orphan always mistake usual morning usage"

    static func temporaryDataDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-account-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func importThenShowJSONListAndVerify() async throws {
        let dataDir = try Self.temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let imported = try await ParleyProcess.run(["account", "import", "--data-dir", dataDir], stdin: Self.coinGlobe + "\nsecret\n")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("zQ3"))

        let shown = try await ParleyProcess.run(["account", "show", "--data-dir", dataDir, "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect((object["address"] as? String)?.lowercased() == "0x4851276e2b7dc3b8bef1749127031bcb3578492d")
        #expect((object["chatKey"] as? String)?.hasPrefix("0x04f96f6f5") == true)
        #expect((object["compressedKey"] as? String)?.count == 68)
        #expect((object["zq3"] as? String)?.hasPrefix("zQ3") == true)
        #expect((object["name"] as? String)?.split(separator: " ").count == 3)
        #expect((object["identicon"] as? String)?.hasPrefix("data:image/png;base64,") == true)

        let list = try await ParleyProcess.run(["account", "list", "--data-dir", dataDir])
        #expect(list.status == 0 && list.stdout.contains(object["zq3"] as? String ?? "?"))

        let wrong = try await ParleyProcess.run(["account", "show", "--data-dir", dataDir, "--verify"], stdin: "not it\n")
        #expect(wrong.status == 3)
        #expect(wrong.stderr.contains("wrong passphrase"), "\(wrong.stderr)")
        let right = try await ParleyProcess.run(["account", "show", "--data-dir", dataDir, "--verify"], stdin: "secret\n")
        #expect(right.status == 0 && right.stdout.contains("passphrase   ok"), "\(right.stderr)")

        let again = try await ParleyProcess.run(["account", "import", "--data-dir", dataDir], stdin: Self.coinGlobe + "\nother\n")
        #expect(again.status != 0 && again.stderr.contains("already stored"), "\(again.stderr)")
    }

    /// Status's word lists beside the repository (`../shared/data`); required when `.ci/run` sets
    /// PARLEY_REQUIRE_SHARED_DATA=1, otherwise the test is skipped with the reason.
    static let statusWordLists = ParleyProcess.repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/alias-wordlists.json").path
    static var statusWordListsRunnable: Bool {
        FileManager.default.fileExists(atPath: statusWordLists)
            || ProcessInfo.processInfo.environment["PARLEY_REQUIRE_SHARED_DATA"] == "1"
    }

    @Test(.enabled(if: statusWordListsRunnable, "needs ../shared/data/alias-wordlists.json, which is not beside this clone"))
    func statusWordListsGiveStatusNames() async throws {
        let shared = Self.statusWordLists
        #expect(FileManager.default.fileExists(atPath: shared), "PARLEY_REQUIRE_SHARED_DATA=1 but \(shared) is missing")
        let dataDir = try Self.temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        _ = try await ParleyProcess.run(["account", "import", "--data-dir", dataDir], stdin: Self.coinGlobe + "\nsecret\n")
        let shown = try await ParleyProcess.run(["account", "show", "--data-dir", dataDir, "--json", "--alias-words", shared])
        #expect(shown.stdout.contains("\"name\" : \"Cadetblue Fuzzy Flickertailsquirrel\""), "\(shown.stdout)\(shown.stderr)")
    }

    @Test func newPrintsTwelveWordsOnceWithAWarning() async throws {
        let dataDir = try Self.temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let created = try await ParleyProcess.run(["account", "new", "--data-dir", dataDir], stdin: "pw\n")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("WARNING"))
        #expect(created.stdout.contains("  12 "))
        let shown = try await ParleyProcess.run(["account", "show", "--data-dir", dataDir])
        #expect(shown.status == 0 && !shown.stdout.contains("WARNING"))
    }

    @Test func malformedInputHasClearErrors() async throws {
        let dataDir = try Self.temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let typo = Self.coinGlobe.replacingOccurrences(of: "morning", with: "mornin")
        let badWord = try await ParleyProcess.run(["account", "import", "--data-dir", dataDir], stdin: typo + "\npw\n")
        #expect(badWord.status == 65)
        #expect(badWord.stderr.contains("word 11 \"mornin\""), "\(badWord.stderr)")
        #expect(badWord.stderr.contains("did you mean \"morning\""), "\(badWord.stderr)")
        let noPassphrase = try await ParleyProcess.run(["account", "import", "--data-dir", dataDir], stdin: Self.coinGlobe + "\n")
        #expect(noPassphrase.status != 0 && noPassphrase.stderr.contains("standard input ended"), "\(noPassphrase.stderr)")
        let none = try await ParleyProcess.run(["account", "show", "--data-dir", dataDir])
        #expect(none.status != 0 && none.stderr.contains("parley account new"), "\(none.stderr)")
        let badKey = try await ParleyProcess.run(["account", "qr", "--key", "0x1234"])
        #expect(badKey.status == 64)
    }

    @Test func qrRendersAKey() async throws {
        let key = "zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1C"
        let result = try await ParleyProcess.run(["account", "qr", "--key", key, "--form", "zq3", "--style", "dark"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("█▀▀▀▀▀█"))
        #expect(result.stdout.hasSuffix(key + "\n"))
    }
}
