import Foundation
import Kernel

/// How the chat commands print and hand off messages.
enum ChatLine {
    /// `12:03:04 0x04ab…cd: text`
    static func render(_ message: ControlValue) -> String {
        let milliseconds: Double
        if case .number(let value)? = message["timestamp"] { milliseconds = value } else { milliseconds = 0 }
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        let time = formatter.string(from: Date(timeIntervalSince1970: milliseconds / 1000))
        let sender = message["sender"]?.string ?? "?"
        let outgoing: Bool
        if case .bool(let value)? = message["outgoing"] { outgoing = value } else { outgoing = false }
        let who = outgoing ? "me" : String(sender.prefix(8)) + "…" + String(sender.suffix(4))
        return "\(time) \(who): \(message["text"]?.string ?? "")"
    }

    static func json(_ message: ControlValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Runs `command` with `/bin/sh -c`, the message in its environment; waits for it.
    static func run(_ command: String, for message: ControlValue) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["PARLEY_CHAT"] = message["chat"]?.string ?? ""
        environment["PARLEY_SENDER"] = message["sender"]?.string ?? ""
        environment["PARLEY_TEXT"] = message["text"]?.string ?? ""
        environment["PARLEY_MESSAGE_ID"] = message["id"]?.string ?? ""
        process.environment = environment
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            FileHandle.standardError.write(Data("parley: --exec failed: \(error)\n".utf8))
        }
    }
}
