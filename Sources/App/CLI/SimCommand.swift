import ArgumentParser
import Foundation
import PluginCatalog
import Simulator

/// `parley sim SCENARIO.yaml`: runs a whole network described by a scenario file in this process, on
/// the memory transport and virtual time, and writes the report (JSON, table, SVG plots).
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim", abstract: "Simulate a network of real nodes in one process, in virtual time.")

    @Argument(help: "The scenario file (see sims/).")
    var scenario: String

    @Option(help: "Directory with the role profiles the scenario's `profile:` names refer to.")
    var profiles: String = "profiles"

    @Option(help: "Where to write report.json, report.txt, host.json and the SVG plots.")
    var out: String?

    @Flag(help: "Only check the scenario file.")
    var check = false

    @Flag(help: "Print progress to stderr.")
    var verbose = false

    func run() async throws {
        try await reportingErrors {
            LogSetup.bootstrap(level: "critical")
            let plugins = Set(PluginCatalog.factories().map(\.descriptor.key))
            let parsed = try ScenarioLoader.load(path: scenario, plugins: plugins)
            if check {
                print("\(scenario): \(parsed.name), \(parsed.nodeCount) nodes in \(parsed.groups.count) groups — OK")
                return
            }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parley-sim-\(UUID().uuidString)").path
            let verbose = self.verbose
            let runner = SimRunner(scenario: parsed, profilesDirectory: profiles,
                                   scenarioDirectory: URL(fileURLWithPath: scenario).deletingLastPathComponent().path,
                                   workDirectory: scratch,
                                   progress: { line in if verbose { FileHandle.standardError.write(Data("sim: \(line)\n".utf8)) } })
            let (report, host) = try await runner.run()
            print(report.table(host: host), terminator: "")
            let directory = out ?? "sim-out/\(parsed.name)"
            try SimPlots.write(report, host: host, to: directory)
            print("wrote \(directory)/report.json, report.txt, host.json, latency-cdf.svg, bandwidth-per-node.svg, delivery-over-time.svg")
        }
    }
}
