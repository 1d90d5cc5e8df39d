import Accounts
import ArgumentParser
import Foundation

/// `parley account qr`: the chat key as a QR code in the terminal, for contact exchange.
struct AccountQRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr", abstract: "Render a chat key as a QR code in the terminal (libqrencode).")

    enum Form: String, ExpressibleByArgument, CaseIterable {
        case hex, zq3
    }

    enum Style: String, ExpressibleByArgument, CaseIterable {
        case auto, ansi, light, dark
    }

    @OptionGroup var options: AccountOptions

    @Argument(help: "Which account (a chat key in any form, an address or a three-word name; default: the only one).")
    var account: String?

    @Option(help: "Render this chat key (0x04…, compressed or zQ3) instead of a stored account.")
    var key: String?

    @Option(help: "What the code holds: hex (the 0x04… Status id of the 2020 wire) or zq3 (shorter).")
    var form: Form = .hex

    @Option(help: "auto (ANSI colours on a terminal, else light modules as blocks), ansi, light (blocks = light modules, for dark terminals) or dark.")
    var style: Style = .auto

    func run() async throws {
        try await runAccountCommand {
            let chatKey: ChatKey
            if let key {
                do { chatKey = try ChatKey(parsing: key) } catch { throw CLIFailure("--key: \(error)", code: 64) }
            } else {
                chatKey = try options.store.find(account, words: try options.wordLists()).file.chatKey
            }
            let text = form == .hex ? chatKey.statusID : chatKey.zq3
            let code: QRCode
            do { code = try QRCode(text: text) } catch { throw CLIFailure("\(error)") }
            let terminalStyle: QRCode.TerminalStyle
            switch style {
            case .auto: terminalStyle = isatty(STDOUT_FILENO) == 1 ? .ansi : .lightOnDark
            case .ansi: terminalStyle = .ansi
            case .light: terminalStyle = .lightOnDark
            case .dark: terminalStyle = .darkOnLight
            }
            for line in code.terminalLines(style: terminalStyle) { Console.line(line) }
            Console.line(text)
        }
    }
}
