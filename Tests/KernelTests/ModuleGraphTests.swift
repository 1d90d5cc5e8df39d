import Foundation
import Testing

/// The module rule of ARCHITECTURE §4: a plugin imports the kernel and libraries, never another plugin.
///
/// Reads Package.swift (found from this file's path) rather than running `swift package dump-package`,
/// so the check needs no toolchain call and no lock on a build directory. The library/plugin split is
/// the manifest's own `pluginLibraries` list: every other target under Sources/Plugins is a plugin.
@Suite struct ModuleGraphTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func noPluginDependsOnAnotherPlugin() throws {
        let manifest = try Manifest(contentsOf: Self.packageRoot.appendingPathComponent("Package.swift"))
        let plugins = manifest.plugins
        // The parser must see the package as it is, or the check below proves nothing.
        #expect(plugins.isSuperset(of: ["Devp2p", "MemoryTransport", "StaticPeers", "Bootstrap", "WakuProtocol", "WakuStore", "Messenger"]))
        #expect(manifest.libraries.isSuperset(of: ["WakuCore", "Accounts"]))
        for library in manifest.libraries {
            #expect(manifest.targets[library] != nil, "pluginLibraries names '\(library)', which is not a target under Sources/Plugins")
        }
        for name in manifest.targets.keys.sorted() where manifest.targets[name]!.path.hasPrefix("Sources/Plugins/") {
            let kind = plugins.contains(name) ? "plugin" : "library"
            for dependency in manifest.targets[name]!.dependencies where plugins.contains(dependency) {
                let advice = "move the shared seam into a library (e.g. WakuCore) or the kernel and depend on that"
                Issue.record("\(kind) target '\(name)' depends on plugin target '\(dependency)' in Package.swift: \(advice)")
            }
        }
    }

    @Test func noPluginSourceImportsAnotherPlugin() throws {
        let manifest = try Manifest(contentsOf: Self.packageRoot.appendingPathComponent("Package.swift"))
        let plugins = manifest.plugins
        var checked = 0
        for name in manifest.targets.keys.sorted() where manifest.targets[name]!.path.hasPrefix("Sources/Plugins/") {
            let directory = Self.packageRoot.appendingPathComponent(manifest.targets[name]!.path)
            guard let files = FileManager.default.enumerator(atPath: directory.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                checked += 1
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                          words[..<index].allSatisfy({ $0.hasPrefix("@") || $0 == "public" || $0 == "internal" }) else { continue }
                    let module = String(words[index + 1])
                    if module != name && plugins.contains(module) {
                        Issue.record("\(name)/\(file) imports plugin module '\(module)'; plugins may import only Kernel and libraries")
                    }
                }
            }
        }
        #expect(checked > 50)
    }
}

/// The targets of Package.swift: name, path and the target dependencies (products left out).
private struct Manifest {
    struct Target {
        let path: String
        let dependencies: [String]
    }

    let targets: [String: Target]
    let libraries: Set<String>

    /// Targets under Sources/Plugins that are not libraries.
    var plugins: Set<String> {
        Set(targets.filter { $0.value.path.hasPrefix("Sources/Plugins/") && !libraries.contains($0.key) }.map(\.key))
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let listLine = text.split(separator: "\n").first(where: { $0.hasPrefix("let pluginLibraries") }) else {
            throw ParseError(description: "Package.swift has no `let pluginLibraries` line")
        }
        libraries = Set(Self.quoted(String(listLine)))
        var targets: [String: Target] = [:]
        for opener in [".target(", ".testTarget(", ".executableTarget("] {
            var rest = text[...]
            while let range = rest.range(of: opener) {
                let body = Self.balanced(rest[range.upperBound...], open: "(", close: ")")
                rest = rest[range.upperBound...]
                guard let name = Self.argument("name", in: body).flatMap({ Self.quoted($0).first }) else { continue }
                let path = Self.argument("path", in: body).flatMap { Self.quoted($0).first } ?? "Tests/\(name)"
                var dependencies: [String] = []
                if let start = body.range(of: "dependencies: [") {
                    var list = String(Self.balanced(body[start.upperBound...], open: "[", close: "]"))
                    // `.product(name: "X", package: "y")` names products of other packages, not targets.
                    while let product = list.range(of: ".product(") {
                        let inner = Self.balanced(list[product.upperBound...], open: "(", close: ")")
                        list.removeSubrange(product.lowerBound..<list.index(product.upperBound, offsetBy: inner.count + 1))
                    }
                    dependencies = Self.quoted(list)
                }
                targets[name] = Target(path: path, dependencies: dependencies)
            }
        }
        guard !targets.isEmpty else { throw ParseError(description: "no targets found in Package.swift") }
        self.targets = targets
    }

    /// The text after an opening bracket up to (not including) its matching closing bracket.
    static func balanced(_ text: Substring, open: Character, close: Character) -> Substring {
        var depth = 1
        var inString = false
        for index in text.indices {
            let character = text[index]
            if character == "\"" { inString.toggle() }
            guard !inString else { continue }
            if character == open { depth += 1 }
            if character == close {
                depth -= 1
                if depth == 0 { return text[..<index] }
            }
        }
        return text
    }

    /// The text of `label: …` up to the next top-level comma.
    static func argument(_ label: String, in body: Substring) -> String? {
        guard let range = body.range(of: "\(label): ") else { return nil }
        let rest = body[range.upperBound...]
        return String(rest.prefix { $0 != "," && $0 != "\n" })
    }

    /// Every string literal in `text`.
    static func quoted(_ text: String) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
