import ArgumentParser
import Foundation
import Kernel
import Synchronization

/// The interactive `parley chat` session: type to send to the current chat, `/` for commands;
/// incoming messages are printed as they arrive.
struct ChatSession: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "session", abstract: "Interactive chat session (the default).")
    @OptionGroup var target: CtlCommand.Target
    @Argument(help: "The chat to start in: a contact key, #public-name or a group id.") var chat: String?

    static let help = """
        /to CHAT            switch to a chat (contact key, #name or group id)
        /add KEY            add a contact          /join #name      join a public chat
        /group create NAME KEY1,KEY2   create a group (then /to its id)
        /read [N]           show the last N messages    /chats   list chats    /whoami
        /quit               leave (the node keeps running)
        anything else is sent to the current chat
        """

    func run() async throws {
        try await reportingErrors {
            let me = try callNode(target, "chat.whoami", [:])
            Console.line("parley chat — you are \(me["name"]?.string ?? "?") (\(me["zq3"]?.string ?? "")). /help for commands.")
            let current = CurrentChat(chat)
            let target = self.target
            let listener = Task.detached {
                let id = UUID().uuidString
                while !Task.isCancelled {
                    guard let result = try? callNode(target, "chat.notify", ["id": id, "wait-seconds": "5"], timeoutSeconds: 30) else {
                        try? await Task.sleep(for: .seconds(1))
                        continue
                    }
                    for message in result["messages"]?.array ?? [] {
                        let here = current.withLock { $0 } == message["chat"]?.string
                        Console.line((here ? "" : "[\(message["chat"]?.string?.prefix(14) ?? "")…] ") + ChatLine.render(message))
                    }
                }
            }
            defer { listener.cancel() }
            while let line = readLine() {
                let input = line.trimmingCharacters(in: .whitespaces)
                guard !input.isEmpty else { continue }
                do {
                    if input == "/quit" { break }
                    try handle(input, current: current)
                } catch {
                    Console.line("! \(error)")
                }
            }
        }
    }

    func handle(_ input: String, current: CurrentChat) throws {
        let words = input.split(separator: " ", maxSplits: 3).map(String.init)
        switch words[0] {
        case "/help": Console.line(Self.help)
        case "/to" where words.count > 1:
            current.withLock { $0 = words[1] }
            Console.line("now in \(words[1])")
        case "/add" where words.count > 1: try printJSON(try callNode(target, "chat.add-contact", ["key": words[1]]))
        case "/join" where words.count > 1:
            _ = try callNode(target, "chat.join", ["name": words[1]])
            current.withLock { $0 = words[1].hasPrefix("#") ? words[1] : "#" + words[1] }
            Console.line("joined; now in \(current.withLock { $0 } ?? "")")
        case "/group" where words.count > 3 && words[1] == "create":
            let result = try callNode(target, "chat.group", ["action": "create", "name": words[2], "members": words[3]])
            Console.line("group created: \(result["chat"]?.string ?? "")")
        case "/read":
            guard let chat = current.withLock({ $0 }) else { throw CLIFailure("no current chat: /to CHAT first") }
            let limit = words.count > 1 ? words[1] : "20"
            for message in try callNode(target, "chat.read", ["chat": chat, "limit": limit])["messages"]?.array ?? [] {
                Console.line(ChatLine.render(message))
            }
        case "/chats": try printJSON(try callNode(target, "chat.chats", [:]))
        case "/whoami": try printJSON(try callNode(target, "chat.whoami", [:]))
        case let command where command.hasPrefix("/"): Console.line("unknown command \(command); /help lists them")
        default:
            guard let chat = current.withLock({ $0 }) else { throw CLIFailure("no current chat: /to CHAT or /join #name first") }
            _ = try callNode(target, "chat.send", ["chat": chat, "text": input])
        }
    }
}

/// The session's current chat, shared with the listener task.
final class CurrentChat: Sendable {
    private let value: Mutex<String?>
    init(_ chat: String?) { value = Mutex(chat) }
    func withLock<T>(_ body: (inout String?) -> T) -> T { value.withLock { body(&$0) } }
}
