import ArgumentParser
import Kernel
import PluginCatalog

/// `parley plugins`: lists the registered plugins with what each provides and requires.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "List the plugins this binary knows, with what they provide and require (and optionally require).")

    func run() async throws {
        for descriptor in PluginCatalog.registry().descriptors {
            print(descriptor.key)
            print("  \(descriptor.summary)")
            print("  provides: \(descriptor.provides.map(\.name).joined(separator: ", ").nonEmpty ?? "-")")
            print("  requires: \(descriptor.requires.map(\.name).joined(separator: ", ").nonEmpty ?? "-")")
            if !descriptor.optionalRequires.isEmpty {
                print("  optionally requires: \(descriptor.optionalRequires.map(\.name).joined(separator: ", "))")
            }
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
