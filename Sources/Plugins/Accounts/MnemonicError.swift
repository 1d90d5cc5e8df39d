/// Why a recovery phrase, word list or entropy was rejected.
public enum MnemonicError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A phrase must have 12, 15, 18, 21 or 24 words.
    case invalidWordCount(Int)
    /// The word at `position` (1-based) is not in the list; `suggestions` are the closest list words.
    case unknownWord(position: Int, word: String, suggestions: [String])
    /// Every word is valid but the checksum bits do not match the entropy.
    case checksumMismatch
    /// Entropy must be 16, 20, 24, 28 or 32 bytes.
    case invalidEntropyLength(Int)
    /// Generation takes 128, 160, 192, 224 or 256 bits.
    case invalidStrength(Int)
    /// A word list is not 2048 distinct words.
    case invalidWordlist(String)
    /// PBKDF2 failed (swift-crypto's message).
    case seedDerivationFailed(String)

    public var description: String {
        switch self {
        case .invalidWordCount(let count):
            return "a recovery phrase has 12, 15, 18, 21 or 24 words separated by spaces; this one has \(count)"
        case .unknownWord(let position, let word, let suggestions):
            let hint = suggestions.isEmpty ? "check its spelling" : "did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: ", ") + "?"
            return "word \(position) \"\(word)\" is not in the BIP-39 English word list; \(hint)"
        case .checksumMismatch:
            return "every word is in the list, but the checksum does not match: a word is wrong or two are swapped — check the phrase against your backup"
        case .invalidEntropyLength(let count):
            return "BIP-39 entropy must be 16, 20, 24, 28 or 32 bytes, got \(count)"
        case .invalidStrength(let bits):
            return "a new phrase takes 128, 160, 192, 224 or 256 bits of entropy (12–24 words), not \(bits)"
        case .invalidWordlist(let reason):
            return "invalid BIP-39 word list: \(reason)"
        case .seedDerivationFailed(let reason):
            return "deriving the BIP-39 seed failed: \(reason)"
        }
    }

    /// A word as it may appear in a message: at most 24 characters, control characters replaced.
    static func printable(_ word: String) -> String {
        let cleaned = String(String.UnicodeScalarView(word.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "?" : $0
        }))
        return cleaned.count > 24 ? String(cleaned.prefix(24)) + "…" : cleaned
    }
}
