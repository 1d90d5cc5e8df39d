import Accounts
import ArgumentParser
import Foundation
import Kernel
import NodeControl
import Primitives

/// Options naming a topic and how to encrypt or open messages on it, shared by `post`, `watch`, `history`.
struct MessageOptions: ParsableArguments {
    @Option(help: "The topic, 4 bytes of hex (see `parley topic`).") var topic: String
    @Option(help: "Symmetric key, 32 bytes of hex (e.g. `symKey` from `parley topic public NAME`).") var symKey: String?
    @Option(help: "Derive the symmetric key from this text (PBKDF2, as Status does for chat names).") var password: String?

    func parameters() -> [String: String] {
        var parameters = ["topic": topic]
        if let symKey { parameters["sym-key"] = symKey }
        if let password { parameters["password"] = password }
        return parameters
    }
}

/// Calls a control method on a running node and returns its result.
func callNode(_ target: CtlCommand.Target, _ method: String, _ parameters: [String: String], timeoutSeconds: Int = 60) throws -> ControlValue {
    let response = try ControlClient.send(ControlRequest(command: .call, method: method, params: parameters),
                                          path: try target.socketPath(), timeoutSeconds: timeoutSeconds)
    guard response.ok, let result = response.result else { throw CLIFailure(response.error ?? "the node refused the request") }
    return result
}

func printJSON(_ value: ControlValue) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// `parley post`: posts a message through a running node's `send` plugin, signed with the node key.
struct PostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "post", abstract: "Post a message on a topic through a running node.")
    @OptionGroup var target: CtlCommand.Target
    @OptionGroup var message: MessageOptions
    @Option(help: "Encrypt to this chat key instead (0x04…, zQ3…).") var to: String?
    @Option(help: "Time to live in seconds (default: the send plugin's).") var ttl: UInt32?
    @Argument(help: "The text to post.") var text: String

    func run() async throws {
        try await reportingErrors {
            var parameters = message.parameters()
            parameters["payload"] = text
            if let to { parameters["to"] = "0x" + Hex.encode(try ChatKey(parsing: to).publicKey.uncompressed) }
            if let ttl { parameters["ttl"] = String(ttl) }
            try printJSON(try callNode(target, "waku.post", parameters))
        }
    }
}

/// `parley watch`: prints messages arriving on a topic at a running node, one JSON object per line.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "watch", abstract: "Print messages arriving on a topic at a running node.")
    @OptionGroup var target: CtlCommand.Target
    @OptionGroup var message: MessageOptions
    @Option(help: "Stop after this many messages (default: run until interrupted).") var count: Int?
    @Option(help: "Stop after this many seconds.") var seconds: Double?

    func run() async throws {
        try await reportingErrors {
            var parameters = message.parameters()
            parameters["id"] = UUID().uuidString
            let deadline = seconds.map { Date().addingTimeInterval($0) }
            var printed = 0
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            while count.map({ printed < $0 }) ?? true {
                let remaining = deadline.map { $0.timeIntervalSinceNow } ?? 10
                guard remaining > 0 else { break }
                parameters["wait-seconds"] = String(min(10, remaining))
                let result = try callNode(target, "waku.watch", parameters, timeoutSeconds: 70)
                for message in result["messages"]?.array ?? [] {
                    Console.line(String(decoding: try encoder.encode(message), as: UTF8.self))
                    printed += 1
                }
            }
        }
    }
}

/// `parley history`: asks a store peer (through a running node's `history` plugin) for archived messages.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Fetch archived messages from a store peer.")
    @OptionGroup var target: CtlCommand.Target
    @OptionGroup var message: MessageOptions
    @Option(parsing: .unconditional, help: "Start: unix seconds, or -SECONDS before now (default: a day ago).") var from: String?
    @Option(name: .customLong("to"), parsing: .unconditional, help: "End: unix seconds, or -SECONDS before now (default: now).") var until: String?
    @Option(help: "Envelopes per page, 1…1000.") var limit: Int = 100

    func run() async throws {
        try await reportingErrors {
            var parameters = message.parameters()
            if let from { parameters["from"] = from }
            if let until { parameters["to"] = until }
            parameters["limit"] = String(limit)
            try printJSON(try callNode(target, "waku.history", parameters, timeoutSeconds: 120))
        }
    }
}
