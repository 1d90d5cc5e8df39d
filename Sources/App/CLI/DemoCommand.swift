import ArgumentParser
import Foundation

/// `parley demo`: the life of a message on an embedded local network — a bootstrap node, two full
/// nodes and Alice and Bob on light nodes with fresh accounts, all on loopback RLPx — narrated layer by
/// layer, with Bob offline for a while and reading what he missed from the store. Ends by itself.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Trace a message from Alice to Bob through every layer on a local network.")

    @Option(help: "Directory with the role profiles (light.yaml, full.yaml, bootstrap.yaml).")
    var profiles: String = "profiles"

    @Flag(help: "Also show every MVDS epoch payload and envelope detail.")
    var verbose = false

    func run() async throws {
        try await reportingErrors {
            LogSetup.bootstrap(level: "error")
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parley-demo-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            try await LifeOfAMessage(profiles: profiles, scratch: scratch, verbose: verbose).run()
        }
    }
}
