import Accounts
import ArgumentParser
import Foundation
import Primitives
import WakuCore

/// `parley topic contact-code|partitioned|negotiated|public …`: the Waku topic (and symmetric key,
/// where the topic has one) Status uses for a key or a chat, as JSON (wire-facts §2.7–2.8).
struct TopicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic", abstract: "Print Status's Waku topic (and key) for a chat key or chat name.",
        subcommands: [ContactCode.self, Partitioned.self, Negotiated.self, Public.self])

    struct ContactCode: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "contact-code", abstract: "The contact-code topic of a chat key.")
        @Argument(help: "The chat key (0x04…, 0x02…/0x03…, zQ3…).") var key: String
        func run() throws { try reportingErrorsSync { try printTopic(.contactCode(try chatKey(key))) } }
    }

    struct Partitioned: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The partitioned topic (X mod 5000) of a chat key.")
        @Argument(help: "The chat key (0x04…, 0x02…/0x03…, zQ3…).") var key: String
        func run() throws {
            try reportingErrorsSync {
                let publicKey = try chatKey(key)
                try printTopic(.partitioned(publicKey), extra: ["partition": StatusTopic.partition(of: publicKey)])
            }
        }
    }

    struct Negotiated: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The negotiated topic and key of two identities (ECDH of the identity keys).")
        @Option(help: "Your chat private key, 64 hex digits (read from PARLEY_PRIVATE_KEY if omitted).") var privateKey: String?
        @Argument(help: "Their chat key (0x04…, 0x02…/0x03…, zQ3…).") var theirs: String
        func run() throws {
            try reportingErrorsSync {
                guard let hex = privateKey ?? ProcessInfo.processInfo.environment["PARLEY_PRIVATE_KEY"] else {
                    throw CLIFailure("give your private key with --private-key HEX or PARLEY_PRIVATE_KEY", code: 64)
                }
                let digits = hex.hasPrefix("0x") ? String(hex.dropFirst(2)) : hex
                guard let bytes = try? Hex.decode(digits), let mine = try? PrivateKey(rawBytes: bytes) else {
                    throw CLIFailure("--private-key must be 32 bytes of hex", code: 64)
                }
                try printTopic(.negotiated(mine: mine, theirs: try chatKey(theirs)))
            }
        }
    }

    struct Public: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "public", abstract: "The topic and key of a public chat.")
        @Argument(help: "The chat name, e.g. status (a leading # is ignored).") var name: String
        func run() throws {
            try reportingErrorsSync { try printTopic(.publicChat(name.hasPrefix("#") ? String(name.dropFirst()) : name)) }
        }
    }
}

private func chatKey(_ text: String) throws -> PublicKey {
    do { return try ChatKey(parsing: text).publicKey } catch { throw CLIFailure("'\(text)' is not a chat key: \(error)", code: 64) }
}

private func printTopic(_ kind: StatusTopic.Kind, extra: [String: Int] = [:]) throws {
    let derived = try StatusTopic.derive(kind)
    var object: [String: String] = ["name": derived.name, "topic": derived.topic.description]
    if let key = derived.symKey { object["symKey"] = "0x" + Hex.encode(key.bytes) }
    var json = object.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \(jsonString($0.value))" }
    json += extra.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }
    print("{\n  " + json.sorted().joined(separator: ",\n  ") + "\n}")
}

private func jsonString(_ text: String) -> String {
    String(decoding: (try? JSONEncoder.unescapedSlashes.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
}
