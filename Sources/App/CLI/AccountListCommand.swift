import Accounts
import ArgumentParser
import Foundation

/// `parley account list`: every stored account, one per line (or JSON).
struct AccountListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the stored accounts: name, zQ3 chat key, address.")

    @OptionGroup var options: AccountOptions

    @Flag(help: "Print a JSON array of {name, chatKey, zq3, address, walletAddress, file}.")
    var json = false

    func run() async throws {
        try await runAccountCommand {
            let lists = try options.wordLists()
            let listing = try options.store.list()
            for problem in listing.problems {
                FileHandle.standardError.write(Data("parley: warning: \(problem)\n".utf8))
            }
            let rows = listing.entries.map { entry -> [String: String] in
                let key = entry.file.chatKey
                return ["name": ThreeWordName.generate(for: key.publicKey, words: lists), "chatKey": key.statusID,
                        "zq3": key.zq3, "address": key.address, "walletAddress": entry.file.walletAddress, "file": entry.path]
            }
            if json {
                let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            if rows.isEmpty {
                Console.line("no accounts in \(options.store.directory.path); create one with `parley account new` or `parley account import`")
                return
            }
            let width = rows.map { $0["name"]!.count }.max() ?? 0
            for row in rows {
                Console.line(row["name"]!.padding(toLength: width + 2, withPad: " ", startingAt: 0) + row["zq3"]! + "  " + row["address"]!)
            }
        }
    }
}
