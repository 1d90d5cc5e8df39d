import Accounts
import ArgumentParser
import Foundation
import Primitives

/// `parley account show`: the chat key in all forms, addresses, three-word name and identicon.
struct AccountShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an account: chat key (0x04…, compressed, zQ3), address, three-word name, identicon.")

    @OptionGroup var options: AccountOptions

    @Argument(help: "Which account: a chat key in any form, an address or a three-word name (default: the only one).")
    var account: String?

    @Flag(help: "Print JSON: chatKey, compressedKey, zq3, address, name, walletAddress, identicon (PNG data URI).")
    var json = false

    @Option(help: "Also write the identicon as a 50×50 PNG file.")
    var png: String?

    @Flag(help: "Ask for the passphrase and check that the stored seed decrypts and gives this chat key.")
    var verify = false

    func run() async throws {
        try await runAccountCommand {
            let lists = try options.wordLists()
            let entry = try options.store.find(account, words: lists)
            if verify {
                let passphrase = try AccountInput.secretLine(prompt: "Passphrase: ", what: "the passphrase")
                var seed = try options.store.unlock(entry, passphrase: passphrase)
                secureZero(&seed)
            }
            let summary = AccountSummary(entry: entry, words: lists)
            if let png {
                let path = (png as NSString).expandingTildeInPath
                do {
                    try Data(try summary.identicon.pngData()).write(to: URL(fileURLWithPath: path), options: .atomic)
                } catch let error as PNGError {
                    throw CLIFailure("cannot render the identicon: \(error)")
                } catch {
                    throw CLIFailure("cannot write \(path): \(error.localizedDescription)")
                }
            }
            if json {
                print(try summary.json())
            } else {
                for line in summary.lines() { Console.line(line) }
                if verify { Console.line("passphrase   ok (the stored seed gives this chat key)") }
            }
        }
    }
}
