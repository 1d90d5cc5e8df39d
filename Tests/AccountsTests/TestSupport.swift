import Foundation
import Primitives

/// Hex → bytes for test literals (traps only on a typo in the test itself).
func bytes(_ hex: String) -> [UInt8] { try! Hex.decode(hex) }

/// `<repo>/../shared/data/<name>` if it exists (the shared directory sits beside the repository).
func sharedData(_ name: String) -> URL? {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = repository.deletingLastPathComponent().appendingPathComponent("shared/data/\(name)")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}

/// CI sets PARLEY_REQUIRE_INTEROP=1: then data from ../shared must be present.
var interopRequired: Bool { ProcessInfo.processInfo.environment["PARLEY_REQUIRE_INTEROP"] == "1" }
