import Accounts
import ArgumentParser
import Primitives

/// `parley account new`: a fresh recovery phrase, stored encrypted; the phrase is printed once.
struct AccountNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create an account from a new recovery phrase (printed once) and store it encrypted.",
        discussion: "Reads the passphrase for the account file from standard input when it is not a terminal.")

    @OptionGroup var options: AccountOptions

    @Option(help: "Words in the recovery phrase: 12 (Status's choice), 15, 18, 21 or 24.")
    var words: Int = 12

    func run() async throws {
        try await runAccountCommand {
            guard let index = Mnemonic.validWordCounts.firstIndex(of: words) else {
                throw CLIFailure("--words must be 12, 15, 18, 21 or 24", code: 64)
            }
            let lists = try options.wordLists()
            let mnemonic = try Mnemonic.generate(strength: Mnemonic.validStrengths[index])
            let passphrase = try AccountInput.newPassphrase()
            var seed = try mnemonic.seed()
            defer { secureZero(&seed) }
            let entry = try options.store.add(seed: seed, passphrase: passphrase)
            Console.line("""
                WARNING: this recovery phrase is the account. Write it down and keep it offline; anyone who has it \
                controls the account. Parley will not show it again.
                """)
            Console.line("")
            for row in stride(from: 0, to: mnemonic.words.count, by: 4) {
                let cells = mnemonic.words[row..<min(row + 4, mnemonic.words.count)].enumerated().map { offset, word in
                    "\(row + offset + 1)".leftPadded(to: 4) + " " + word.padding(toLength: 10, withPad: " ", startingAt: 0)
                }
                Console.line(cells.joined())
            }
            Console.line("")
            for line in AccountSummary(entry: entry, words: lists).lines() { Console.line(line) }
        }
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
