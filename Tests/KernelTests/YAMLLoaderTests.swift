import Foundation
import Testing
@testable import Kernel

/// A temp directory of profile files for one test; removed by `remove()`.
struct ConfigTestDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `<dir>/<name>` (creating subdirectories) and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The error `body` throws, as a `ConfigError` (fails the test otherwise).
func configError(_ body: () throws -> Any) -> ConfigError? {
    do {
        _ = try body()
        Issue.record("expected a ConfigError, nothing was thrown")
    } catch let error as ConfigError {
        return error
    } catch {
        Issue.record("expected a ConfigError, got \(type(of: error)): \(error)")
    }
    return nil
}

@Suite struct YAMLLoaderTests {
    @Test func buildsATreeWithPathsMarksAndKeyOrder() throws {
        let root = try YAMLLoader.load(text: """
            name: full
            plugins:
              static-peers:
                peers:
                  - enode://a@1.2.3.4:30303
                  - "memory://b"
              memory: { name: x }
            """, file: "full.yaml")
        let peers = try #require(root["plugins"]?["static-peers"]?["peers"]?.items)
        #expect(peers.count == 2)
        #expect(peers[0].scalar == "enode://a@1.2.3.4:30303")
        #expect(peers[0].path == "plugins.static-peers.peers[0]")
        #expect(peers[0].mark == SourceMark(file: "full.yaml", line: 5, column: 9))
        #expect(peers[1].mark?.description == "full.yaml:6:9")
        let plugins = try #require(root["plugins"]?.entries)
        #expect(plugins.map(\.key) == ["static-peers", "memory"])
        #expect(plugins[1].value.keyMark == SourceMark(file: "full.yaml", line: 7, column: 3))
        #expect(plugins[1].value.path == "plugins.memory")
        #expect(root.path == "")
    }

    @Test func plainNullIsNullButQuotedNullIsText() throws {
        let root = try YAMLLoader.load(text: "a:\nb: ~\nc: null\nd: \"null\"\ne: ''\nf: !!str null\n", file: "t.yaml")
        #expect(root["a"]?.isNull == true)
        #expect(root["b"]?.isNull == true)
        #expect(root["c"]?.isNull == true)
        #expect(root["d"]?.scalar == "null")
        #expect(root["e"]?.scalar == "")
        #expect(root["f"]?.scalar == "null")
    }

    @Test func emptyFileIsAnEmptyDocument() throws {
        #expect(try YAMLLoader.load(text: "", file: "e.yaml").isNull)
        #expect(try YAMLLoader.load(text: "# only a comment\n", file: "e.yaml").isNull)
    }

    @Test func tabIndentationIsReportedWithLineAndColumn() throws {
        let error = try #require(configError { try YAMLLoader.load(text: "plugins:\n\tmemory: {}\n", file: "tabs.yaml") })
        #expect(error.mark == SourceMark(file: "tabs.yaml", line: 2, column: 1))
        #expect(error.message.contains("tab"))
        #expect(error.description.hasPrefix("tabs.yaml:2:1: "))
    }

    @Test func unclosedBracketNamesWhereTheListStarted() throws {
        let error = try #require(configError {
            try YAMLLoader.load(text: "plugins:\n  static-peers:\n    peers: [a, b\n  memory: {}\n", file: "b.yaml")
        })
        #expect(error.mark?.file == "b.yaml")
        #expect(error.mark?.line == 4)
        #expect(error.message.contains("flow sequence that starts at line 3, column 12"), "\(error)")
        #expect(error.message.contains("not closed with ']'"), "\(error)")
    }

    @Test func unclosedQuoteIsExplained() throws {
        let error = try #require(configError { try YAMLLoader.load(text: "name: \"full\nnode: {}\n", file: "q.yaml") })
        #expect(error.message.contains("quoted string is not closed"), "\(error)")
        #expect(error.message.contains("line 1, column 7"), "\(error)")
    }

    @Test func badIndentationIsExplained() throws {
        let error = try #require(configError {
            try YAMLLoader.load(text: "plugins:\n    memory: {}\n  relay: {}\n", file: "i.yaml")
        })
        #expect(error.mark?.line == 3)
        #expect(error.message.contains("indent"), "\(error)")
    }

    @Test func duplicateKeysAreRejectedAtTheSecondOne() throws {
        let error = try #require(configError {
            try YAMLLoader.load(text: "plugins:\n  memory: {}\n  relay:\n  memory: { name: x }\n", file: "d.yaml")
        })
        #expect(error.mark == SourceMark(file: "d.yaml", line: 4, column: 3))
        #expect(error.path == "plugins.memory")
        #expect(error.message.contains("duplicate key 'memory' (first written at line 2, column 3)"))
    }

    @Test func anchorsAndAliasesAreRejected() throws {
        let anchor = try #require(configError { try YAMLLoader.load(text: "a: &x {p: 1}\nb: 2\n", file: "a.yaml") })
        #expect(anchor.message.contains("anchors and aliases (&x) are not supported"))
        #expect(anchor.mark?.line == 1)
        let alias = try #require(configError { try YAMLLoader.load(text: "b: *x\n", file: "a.yaml") })
        // Refused as soon as it is seen, whether or not its anchor exists.
        #expect(alias.message.contains("*x"), "\(alias)")
    }

    @Test func severalDocumentsAreRejected() throws {
        let error = try #require(configError { try YAMLLoader.load(text: "name: a\n---\nname: b\n", file: "m.yaml") })
        #expect(error.mark?.line == 2)
        #expect(error.message.contains("more than one YAML document"))
    }

    @Test func complexKeysAreRejected() throws {
        let error = try #require(configError { try YAMLLoader.load(text: "? [a, b]\n: 1\n", file: "k.yaml") })
        #expect(error.message.contains("mapping key must be plain text"))
    }

    @Test func unreadableFilesNameThePathAndTheReason() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let missing = directory.path + "/nope.yaml"
        let error = try #require(configError { try YAMLLoader.load(path: missing) })
        #expect(error.message == "cannot read '\(missing)': No such file or directory")
        let folder = try #require(configError { try YAMLLoader.load(path: directory.path) })
        #expect(folder.message.contains("Is a directory"), "\(folder)")
    }

    @Test func invalidUTF8IsReportedNotTrapped() throws {
        let directory = try ConfigTestDirectory()
        defer { directory.remove() }
        let path = directory.path + "/bin.yaml"
        try Data([0x61, 0x3A, 0x20, 0x0A, 0x62, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        let error = try #require(configError { try YAMLLoader.load(path: path) })
        #expect(error.message.contains("not valid UTF-8"), "\(error)")
        #expect(error.mark?.line == 2)
    }

    @Test func deepNestingIsRefused() throws {
        let text = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let error = try #require(configError { try YAMLLoader.load(text: text, file: "deep.yaml") })
        #expect(error.message.contains("nested more than"))
    }

    @Test func renderingReadsBackAsTheSameConfiguration() throws {
        let text = """
            name: "null"
            node: { peers: { target: 2, max: 4 }, data-dir: "~/x y" }
            plugins:
              static-peers: { peers: ["memory://hub", "a: b", "#x", "", "- y"] }
              relay:
              nested: [[1, 2], {a: [], b: {}}, "true"]
            """
        let root = try YAMLLoader.load(text: text, file: "r.yaml")
        let rendered = root.rendered()
        let again = try YAMLLoader.load(text: rendered, file: "again.yaml")
        #expect(root.semanticallyEquals(again), "\(rendered)")
        #expect(rendered.contains("name: \"null\""))
        let flow = try YAMLLoader.load(text: root.description, file: "flow.yaml")
        #expect(root.semanticallyEquals(flow), "\(root.description)")
        #expect(root["plugins"]!.rendered(indent: 4).hasPrefix("    static-peers:"))
    }

    @Test func semanticEqualityIgnoresMarksOrderAndEmptyVersusNull() throws {
        let a = try YAMLLoader.load(text: "a: 1\nb: [x, y]\nc: {}\n", file: "a.yaml")
        let b = try YAMLLoader.load(text: "\n\nc:\nb: [x, y]\na: 1\n", file: "b.yaml")
        #expect(a.semanticallyEquals(b))
        let c = try YAMLLoader.load(text: "a: 1\nb: [y, x]\nc: {}\n", file: "c.yaml")
        #expect(!a.semanticallyEquals(c))
        let d = try YAMLLoader.load(text: "a: \"1\"\nb: [x, y]\nc: {}\nd: 2\n", file: "d.yaml")
        #expect(!a.semanticallyEquals(d))
        #expect(ConfigNode.empty.semanticallyEquals(ConfigNode(value: .null)))
    }

    /// Mutated profiles either load or fail with a located error; nothing traps.
    @Test func randomlyDamagedProfilesNeverTrap() throws {
        let sample = Array("""
            name: full
            extends: light
            node: { peers: { target: 2, max: 4 }, log-level: "debug" }
            plugins:
              static-peers:
                peers:
                  - 'memory://hub'
                  - [x, {y: z}]
              relay: |
                text
            """.utf8)
        let alphabet = Array("\t\n :-[]{}'\"#&*!|>%@`,?~\\".utf8) + [0x00, 0xC3, 0xFF, 0x80]
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<3_000 {
            var bytes = sample
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = alphabet.randomElement(using: &generator) ?? 0
                case 1: bytes.insert(alphabet.randomElement(using: &generator) ?? 0, at: index)
                default: if bytes.count > 1 { bytes.remove(at: index) }
                }
            }
            do {
                let node = try YAMLLoader.load(bytes: bytes, file: "fuzz.yaml")
                _ = node.rendered()
                _ = try? ConfigDecoder().decode(NodeSettings.self, from: node["node"] ?? .empty)
            } catch let error as ConfigError {
                #expect(error.mark == nil || error.mark?.file == "fuzz.yaml")
            }
        }
    }
}

/// A small deterministic generator so randomized tests reproduce.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
