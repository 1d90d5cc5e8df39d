import Accounts
import ArgumentParser
import Primitives

/// `parley account import`: an existing recovery phrase, validated and stored encrypted.
struct AccountImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an account from its recovery phrase and store it encrypted.",
        discussion: """
            On a terminal, prompts for the phrase and the passphrase without echo. Otherwise reads two lines from \
            standard input: the phrase, then the passphrase for the account file.
            """)

    @OptionGroup var options: AccountOptions

    @Flag(help: "Also prompt for a BIP-39 passphrase (the \"25th word\"; Status uses none). Read as the line after the phrase when stdin is not a terminal.")
    var bip39Passphrase = false

    func run() async throws {
        try await runAccountCommand {
            let lists = try options.wordLists()
            let phrase = try AccountInput.secretLine(prompt: "Recovery phrase (12–24 words): ", what: "the recovery phrase")
            let mnemonic = try Mnemonic(phrase: phrase)
            let extra = bip39Passphrase
                ? try AccountInput.secretLine(prompt: "BIP-39 passphrase: ", what: "the BIP-39 passphrase") : ""
            let passphrase = try AccountInput.newPassphrase()
            var seed = try mnemonic.seed(passphrase: extra)
            defer { secureZero(&seed) }
            let entry = try options.store.add(seed: seed, passphrase: passphrase)
            Console.line("Imported account:")
            for line in AccountSummary(entry: entry, words: lists).lines() { Console.line(line) }
        }
    }
}
