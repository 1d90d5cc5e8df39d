import Accounts
import ArgumentParser
import Foundation

/// `parley account new|import|show|list|qr`: Status accounts — recovery phrases, chat keys, three-word
/// names, identicons — kept encrypted in `<data-dir>/accounts/`.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Create, import and show Status accounts (BIP-39 phrase → chat key, name, identicon).",
        discussion: """
            Accounts are stored encrypted (Argon2id + XChaCha20-Poly1305) in <data-dir>/accounts/, one file per \
            account, mode 0600. When standard input is not a terminal, phrases and passphrases are read from it \
            one per line; otherwise Parley prompts without echo.
            """,
        subcommands: [AccountNewCommand.self, AccountImportCommand.self, AccountShowCommand.self,
                      AccountListCommand.self, AccountQRCommand.self])
}

/// Options every `parley account` subcommand takes.
struct AccountOptions: ParsableArguments {
    @Option(help: "Where accounts are kept (in <data-dir>/accounts).")
    var dataDir: String = "~/.parley"

    @Option(name: .customLong("alias-words"),
            help: "JSON file {\"adjectives\": [...], \"animals\": [...]} for three-word names (default: Parley's own lists; Status's lists give Status's names).")
    var aliasWords: String?

    /// The account store under `--data-dir`.
    var store: AccountStore {
        AccountStore(dataDirectory: URL(fileURLWithPath: (dataDir as NSString).expandingTildeInPath))
    }

    /// The word lists for names.
    func wordLists() throws -> AliasWordLists {
        guard let aliasWords else { return .parley }
        do {
            return try AliasWordLists.load(contentsOf: URL(fileURLWithPath: (aliasWords as NSString).expandingTildeInPath))
        } catch {
            throw CLIFailure("--alias-words: \(error)", code: 64)
        }
    }
}

/// Runs an account command body, turning the Accounts module's typed errors into one-line CLI failures.
func runAccountCommand(_ body: () async throws -> Void) async throws {
    try await reportingErrors {
        do {
            try await body()
        } catch let error as KeystoreError {
            if case .wrongPassphrase = error { throw CLIFailure(error.description, code: 3) }
            throw CLIFailure(error.description, code: 1)
        } catch let error as MnemonicError {
            throw CLIFailure(error.description, code: 65)
        } catch let error as AccountInputError {
            throw CLIFailure(error.description, code: 66)
        }
    }
}
