import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads phrases and passphrases: from standard input one line at a time when it is not a terminal
/// (scripts, tests), otherwise from a prompt on standard error with echo turned off.
enum AccountInput {
    /// Whether standard input is an interactive terminal.
    static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// One secret line. On a terminal `prompt` is shown on stderr and typing is not echoed.
    static func secretLine(prompt: String, what: String) throws -> String {
        if !isTerminal {
            guard let line = readLine(strippingNewline: true) else { throw AccountInputError.endOfInput(what) }
            return line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let canHide = tcgetattr(STDIN_FILENO, &saved) == 0
        if canHide {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if canHide { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw AccountInputError.endOfInput(what) }
        return line
    }

    /// A passphrase for a new account file: asked twice on a terminal, one line otherwise.
    static func newPassphrase() throws -> String {
        let first = try secretLine(prompt: "Passphrase to encrypt the account file: ", what: "the passphrase")
        guard !first.isEmpty else { throw AccountInputError.emptyPassphrase }
        if isTerminal {
            let second = try secretLine(prompt: "Repeat the passphrase: ", what: "the repeated passphrase")
            guard second == first else { throw AccountInputError.passphrasesDiffer }
        }
        return first
    }
}

/// Why a phrase or passphrase could not be read.
enum AccountInputError: Error, CustomStringConvertible {
    case endOfInput(String)
    case emptyPassphrase
    case passphrasesDiffer

    var description: String {
        switch self {
        case .endOfInput(let what):
            return "standard input ended before \(what) was given (pipe one line per prompt: the phrase, then the passphrase)"
        case .emptyPassphrase:
            return "the passphrase must not be empty: it protects the recovery seed on disk"
        case .passphrasesDiffer:
            return "the two passphrases differ; nothing was saved"
        }
    }
}
