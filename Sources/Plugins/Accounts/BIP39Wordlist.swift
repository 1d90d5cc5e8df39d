/// A BIP-39 word list: 2048 distinct words, each word's index is its 11-bit value.
///
/// Only English ships (`english`); other lists can be built from their 2048 words.
public struct BIP39Wordlist: Sendable {
    /// The words in list order.
    public let words: [String]
    private let indexes: [String: Int]

    /// Wraps 2048 distinct words.
    public init(words: [String]) throws {
        guard words.count == 2048 else { throw MnemonicError.invalidWordlist("a BIP-39 list has 2048 words, got \(words.count)") }
        var indexes: [String: Int] = [:]
        for (index, word) in words.enumerated() {
            guard indexes.updateValue(index, forKey: word) == nil else {
                throw MnemonicError.invalidWordlist("the word \"\(word)\" appears twice")
            }
        }
        self.words = words
        self.indexes = indexes
    }

    /// The standard English list (bitcoin/bips `bip-0039/english.txt`), embedded in the product.
    public static let english: BIP39Wordlist = {
        let words = englishText.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        // The embedded literal is fixed and checked by the tests; `try!` cannot fail at run time.
        return try! BIP39Wordlist(words: words)
    }()

    /// The 11-bit value of `word`, or `nil` if it is not in the list.
    public func index(of word: String) -> Int? { indexes[word] }

    /// Up to `limit` list words closest to `word` (edit distance ≤ 2, or sharing its first four letters),
    /// nearest first — for "did you mean" messages.
    public func suggestions(for word: String, limit: Int = 3) -> [String] {
        let input = Array(word.lowercased().utf8.prefix(32))
        guard !input.isEmpty else { return [] }
        var scored: [(distance: Int, word: String)] = []
        for candidate in words {
            let bytes = Array(candidate.utf8)
            let sharesPrefix = input.count >= 4 && bytes.starts(with: input.prefix(4))
            let distance = EditDistance.damerauLevenshtein(input, bytes, cap: 3)
            if distance <= 2 {
                scored.append((distance, candidate))
            } else if sharesPrefix {
                scored.append((3, candidate))
            }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.word < $1.word }
        return scored.prefix(max(0, limit)).map(\.word)
    }
}
