import ArgumentParser
import Foundation
import Kernel
import PluginCatalog
import Logging
import NodeControl

/// `parley node --profile FILE`: runs a node until SIGTERM/SIGINT; SIGHUP re-applies the profile file.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Run a node from a profile.")

    @Option(help: "The profile file (YAML).")
    var profile: String

    @Option(help: "Where the node keeps its key, databases and control socket (default: $PARLEY_DATA_DIR, else node.data-dir, else ~/.parley/<profile>).")
    var dataDir: String?

    @Option(name: .customLong("set"), help: "Override a setting: plugin.key=value or node.key=value (repeatable).")
    var overrides: [String] = []

    @Option(help: "How log lines on stderr look: text (default) or json (one object per line, for log shippers).")
    var logFormat: LogFormat = .text

    @Option(help: "The address other nodes reach this one at: extip:IP (advertised in the enode URL and libp2p addresses).")
    var nat: String?

    func run() async throws {
        try await reportingErrors {
            var overrides = self.overrides
            var loaded = try ProfileLoader.load(path: profile, overrides: overrides)
            if let nat {
                overrides += NATOption.overrides(advertising: try NATOption.externalIP(nat), in: loaded)
                loaded = try ProfileLoader.load(path: profile, overrides: overrides)
            }
            LogSetup.bootstrap(level: loaded.node.logLevel, format: logFormat)
            let directory = NodeDirectories.dataDirectory(flag: dataDir, profile: loaded)
            let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
            let kernel = Kernel(registry: PluginCatalog.registry(), identity: identity, dataDirectory: directory,
                                logger: Logger(label: "parley.kernel"))
            let socketPath = loaded.node.controlSocket ?? (directory as NSString).appendingPathComponent("control.sock")
            let runtime = NodeRuntime(kernel: kernel, profilePath: profile, overrides: overrides)
            let control = try await ControlServer.bind(path: socketPath) { await runtime.handle($0) }
            let signals = SignalStream([SIGINT, SIGTERM, SIGHUP])
            do {
                try await kernel.start(loaded)
            } catch {
                await control.close()
                throw CLIFailure("could not start profile '\(loaded.name)': \(error)")
            }
            Console.line("parley node \(identity.peerID.hex) running profile '\(loaded.name)'; control socket \(socketPath)")
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await control.run() }
                for await number in signals.signals {
                    if number == SIGHUP {
                        await runtime.reload()
                        continue
                    }
                    Console.line("parley node stopping (signal \(number))")
                    break
                }
                await kernel.stop()
                await control.close()
            }
            Console.line("parley node stopped")
        }
    }
}

/// Default locations of a node's files.
enum NodeDirectories {
    static func dataDirectory(flag: String?, profile: Profile) -> String {
        if let flag { return (flag as NSString).expandingTildeInPath }
        if let environment = DataDirectoryEnvironment.value { return (environment as NSString).expandingTildeInPath }
        if let configured = profile.node.dataDir { return (configured as NSString).expandingTildeInPath }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return "\(home)/.parley/\(profile.name)"
    }
}
