import ArgumentParser
import Foundation
import Kernel
import NodeControl

/// `parley ctl status|apply PROFILE`: talks to a running node over its control socket.
struct CtlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl", abstract: "Control a running node.", subcommands: [Status.self, Apply.self, PeersCommand.self])

    struct Target: ParsableArguments {
        @Option(help: "The running node's data directory (default: $PARLEY_DATA_DIR).")
        var dataDir: String?

        @Option(help: "The control socket path (default: <data-dir>/control.sock).")
        var socket: String?

        func socketPath() throws -> String {
            if let socket { return socket }
            guard let dataDir = dataDir ?? DataDirectoryEnvironment.value else {
                throw CLIFailure("say which node: --data-dir DIR, --socket PATH or PARLEY_DATA_DIR=DIR", code: 64)
            }
            return ((dataDir as NSString).expandingTildeInPath as NSString).appendingPathComponent("control.sock")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the node's status as JSON.")
        @OptionGroup var target: Target

        func run() async throws {
            try await reportingErrors {
                let response = try ControlClient.send(ControlRequest(command: .status), path: try target.socketPath())
                try printResponse(response, body: response.status)
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Switch the running node to another profile; prints what started, stopped and was kept.")
        @OptionGroup var target: Target

        @Argument(help: "The profile file to switch to.")
        var profile: String

        @Option(name: .customLong("set"), help: "Override a setting: plugin.key=value (repeatable). The node's own --set overrides stay in force unless set again here.")
        var overrides: [String] = []

        @Flag(help: "Print what would start, stop, restart or be kept (and why) without applying.")
        var dryRun = false

        func run() async throws {
            try await reportingErrors {
                let absolute = URL(fileURLWithPath: profile).standardizedFileURL.path
                let request = ControlRequest(command: .apply, profile: absolute, overrides: overrides, dryRun: dryRun ? true : nil)
                let response = try ControlClient.send(request, path: try target.socketPath())
                try printResponse(response, body: response.apply)
            }
        }
    }
}

private func printResponse<T: Encodable>(_ response: ControlResponse, body: T?) throws {
    guard response.ok, let body else { throw CLIFailure(response.error ?? "the node refused the request") }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(body), as: UTF8.self))
}
