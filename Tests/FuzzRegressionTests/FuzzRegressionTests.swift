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

    @Test func everyRegressionInputRunsWithoutCrashing() throws {
        for (name, file) in Self.inputs("regressions") {
            let target = try #require(FuzzRegistry.target(named: name), "regressions/\(name) names no fuzz target")
            target.run([UInt8](try Data(contentsOf: file)))
        }
    }

    @Test func everySeedRunsWithoutCrashing() throws {
        let seeds = Self.inputs("corpus")
        #expect(Set(seeds.map(\.target)) == Set(FuzzRegistry.all.map(\.name)), "every target has a committed seed corpus")
        for (name, file) in seeds {
            let target = try #require(FuzzRegistry.target(named: name), "corpus/\(name) names no fuzz target")
            target.run([UInt8](try Data(contentsOf: file)))
        }
    }

    @Test func everyTargetHasSeeds() {
        for target in FuzzRegistry.all {
            #expect(!target.seeds().isEmpty, "\(target.name) builds no seeds")
        }
    }
}
