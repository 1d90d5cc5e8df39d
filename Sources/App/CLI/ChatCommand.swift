import ArgumentParser
import Foundation
import Kernel

/// `parley chat …`: the messenger of a running node (`messenger` plugin in its profile). Without a
/// subcommand it opens an interactive session.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Chat through a running node's messenger (1:1, #public, groups).",
        subcommands: [ChatSession.self, WhoAmI.self, AddContact.self, Send.self, Read.self, Join.self, Chats.self, Group.self,
                      React.self, History.self, Notify.self],
        defaultSubcommand: ChatSession.self)

    struct WhoAmI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "whoami", abstract: "This node's chat key, zQ3 form and name.")
        @OptionGroup var target: CtlCommand.Target
        func run() async throws { try await reportingErrors { try printJSON(try callNode(target, "chat.whoami", [:])) } }
    }

    struct AddContact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-contact", abstract: "Add a contact by chat key (0x04…, zQ3…).")
        @OptionGroup var target: CtlCommand.Target
        @Argument(help: "The contact's chat key.") var key: String
        func run() async throws { try await reportingErrors { try printJSON(try callNode(target, "chat.add-contact", ["key": key])) } }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a text message to a chat (a key, #name or a group id).")
        @OptionGroup var target: CtlCommand.Target
        @Option(help: "Reply to this message id.") var replyTo: String?
        @Argument(help: "The chat: a contact key, #public-name or a group id.") var chat: String
        @Argument(help: "The text.") var text: String
        func run() async throws {
            try await reportingErrors {
                var parameters = ["chat": chat, "text": text]
                if let replyTo { parameters["reply-to"] = replyTo }
                try printJSON(try callNode(target, "chat.send", parameters))
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a chat's newest messages, oldest first.")
        @OptionGroup var target: CtlCommand.Target
        @Option(help: "How many.") var limit = 20
        @Argument(help: "The chat: a contact key, #public-name or a group id.") var chat: String
        func run() async throws {
            try await reportingErrors {
                let result = try callNode(target, "chat.read", ["chat": chat, "limit": String(limit)])
                for message in result["messages"]?.array ?? [] { Console.line(ChatLine.render(message)) }
            }
        }
    }

    struct Join: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Join a public chat by name (#status).")
        @OptionGroup var target: CtlCommand.Target
        @Argument(help: "The chat name.") var name: String
        func run() async throws { try await reportingErrors { try printJSON(try callNode(target, "chat.join", ["name": name])) } }
    }

    struct Chats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List chats.")
        @OptionGroup var target: CtlCommand.Target
        func run() async throws { try await reportingErrors { try printJSON(try callNode(target, "chat.chats", [:])) } }
    }

    struct Group: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Private groups: create NAME --members K1,K2 | add|remove GROUP --members … | rename GROUP NAME | leave|show GROUP.")
        @OptionGroup var target: CtlCommand.Target
        @Argument(help: "create, add, remove, rename, leave or show.") var action: String
        @Argument(help: "The group id (or, for create, the name).") var subject: String
        @Argument(help: "For rename: the new name.") var name: String?
        @Option(help: "Comma-separated chat keys.") var members: String?
        func run() async throws {
            try await reportingErrors {
                var parameters = ["action": action]
                if action == "create" { parameters["name"] = subject } else { parameters["chat"] = subject }
                if let name { parameters["name"] = name }
                if let members { parameters["members"] = members }
                try printJSON(try callNode(target, "chat.group", parameters))
            }
        }
    }

    struct React: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "React to a message: love, thumbs-up, thumbs-down, laugh, sad, angry.")
        @OptionGroup var target: CtlCommand.Target
        @Flag(help: "Take the reaction back.") var retract = false
        @Argument(help: "The chat.") var chat: String
        @Argument(help: "The message id (0x…).") var message: String
        @Argument(help: "The reaction.") var emoji: String
        func run() async throws {
            try await reportingErrors {
                try printJSON(try callNode(target, "chat.react", ["chat": chat, "message": message, "emoji": emoji, "retract": String(retract)]))
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fetch missed messages from store peers now.")
        @OptionGroup var target: CtlCommand.Target
        func run() async throws { try await reportingErrors { try printJSON(try callNode(target, "chat.history", [:], timeoutSeconds: 300)) } }
    }

    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print new messages as JSON lines; with --exec, run a command for each (PARLEY_CHAT, PARLEY_SENDER, PARLEY_TEXT set).")
        @OptionGroup var target: CtlCommand.Target
        @Option(help: "A shell command to run for each new message.") var exec: String?
        @Option(help: "Stop after this many messages.") var count: Int?
        @Option(help: "Stop after this many seconds.") var seconds: Double?

        func run() async throws {
            try await reportingErrors {
                let id = UUID().uuidString
                let deadline = seconds.map { Date().addingTimeInterval($0) }
                var seen = 0
                // A first poll that does not wait opens the subscription; from then on no message is missed.
                var wait = 0.0
                while count.map({ seen < $0 }) ?? true {
                    let remaining = deadline.map { $0.timeIntervalSinceNow } ?? 10
                    guard remaining > 0 else { break }
                    let result = try callNode(target, "chat.notify", ["id": id, "wait-seconds": String(min(wait, remaining))], timeoutSeconds: 70)
                    if wait == 0 { FileHandle.standardError.write(Data("parley: listening for new messages\n".utf8)) }
                    wait = 10
                    for message in result["messages"]?.array ?? [] {
                        seen += 1
                        Console.line(ChatLine.json(message))
                        if let exec { ChatLine.run(exec, for: message) }
                    }
                }
            }
        }
    }
}
