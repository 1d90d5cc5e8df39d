import Foundation
import Testing
import Primitives

/// Hex → bytes for test literals (traps only on a typo in the test itself).
func bytes(_ hex: String) -> [UInt8] { try! Hex.decode(hex) }

/// Third-party data files kept beside the repository in `../shared/data` (Status's MPL-2.0 word lists, the
/// BIP-39 list file), present on CI but not in a user's clone.
///
/// A test that needs one is enabled with `SharedData.runnable(name)`: it runs when the file is there, is
/// skipped with the reason when it is not, and fails when `PARLEY_REQUIRE_SHARED_DATA=1` (set by `.ci/run`)
/// and the file is missing.
enum SharedData {
    static var required: Bool { ProcessInfo.processInfo.environment["PARLEY_REQUIRE_SHARED_DATA"] == "1" }

    /// `<repo>/../shared/data/<name>` if it exists.
    static func url(_ name: String) -> URL? {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = repository.deletingLastPathComponent().appendingPathComponent("shared/data/\(name)")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func runnable(_ name: String) -> Bool { url(name) != nil || required }

    /// The file, or a recorded failure naming it (only reached when required).
    static func require(_ name: String) throws -> URL {
        try #require(url(name), "PARLEY_REQUIRE_SHARED_DATA=1 but ../shared/data/\(name) is missing beside the repository")
    }
}
