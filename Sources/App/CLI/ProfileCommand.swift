import ArgumentParser
import Kernel
import PluginCatalog

/// `parley profile check FILE...`: validates profiles and prints each resolved plan.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Work with profile files.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate profiles (YAML, plugin names, settings, dependencies) and print the resolved plan.")

        @Argument(help: "Profile files to check.")
        var files: [String]

        @Option(name: .customLong("set"), help: "Override a setting: plugin.key=value or node.key=value (repeatable).")
        var overrides: [String] = []

        func run() async throws {
            try await reportingErrors {
                let registry = PluginCatalog.registry()
                var failures: [String] = []
                for file in files {
                    do {
                        let profile = try ProfileLoader.load(path: file, overrides: overrides)
                        let plan = try LifecyclePlan.make(profile: profile, registry: registry)
                        print(plan.rendered())
                    } catch {
                        failures.append("\(error)")
                    }
                }
                if !failures.isEmpty { throw CLIFailure(failures.joined(separator: "\n"), code: 1) }
            }
        }
    }
}
