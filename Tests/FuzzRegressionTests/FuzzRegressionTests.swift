import Foundation
import FuzzTargets
import Testing

/// Every input a fuzz run ever crashed on (Tests/Fuzz/regressions/TARGET/) and every seed
/// (Tests/Fuzz/corpus/TARGET/) runs through its target again: the decoders may throw, never trap.
@Suite struct FuzzRegressionTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ kind: String) -> [(target: String, file: URL)] {
        let root = fuzzDirectory.appendingPathComponent(kind)
        let manager = FileManager.default
        guard let targets = try? manager.contentsOfDirectory(atPath: root.path) else { return [] }
        return targets.sorted().flatMap { target -> [(target: String, file: URL)] in
            let folder = root.appendingPathComponent(target)
            let names = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.sorted().filter { !$0.hasPrefix(".") }.map { (target, folder.appendingPathComponent($0)) }
        }
    }

    /// Runs `body` on a thread of its own: targets block on async decoders (`EncryptionProtocol`), which must
    /// not happen on a cooperative-pool thread such as the one running the test.
    static func onOwnThread(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                body()
                continuation.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    static func run(_ kind: String) async throws {
        for (name, file) in inputs(kind) {
            let target = try #require(FuzzRegistry.target(named: name), "\(kind)/\(name) names no fuzz target")
            let input = [UInt8](try Data(contentsOf: file))
            await onOwnThread { target.run(input) }
        }
    }

    @Test func everyRegressionInputRunsWithoutCrashing() async throws {
        try await Self.run("regressions")
    }

    @Test func everySeedRunsWithoutCrashing() async throws {
        #expect(Set(Self.inputs("corpus").map(\.target)) == Set(FuzzRegistry.all.map(\.name)), "every target has a committed seed corpus")
        try await Self.run("corpus")
    }

    @Test func everyTargetBuildsSeeds() async {
        for target in FuzzRegistry.all {
            await Self.onOwnThread {
                #expect(!target.seeds().isEmpty, "\(target.name) builds no seeds")
            }
        }
    }
}
