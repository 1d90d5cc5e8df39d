import Foundation

/// The two word lists a three-word name is built from (wire-facts §6.5): adjectives and animals.
///
/// `parley` (the default) is Parley's own pair of lists. Status's lists (MPL-2.0 data in status-go) are
/// not shipped; load them — or any others — from a JSON file `{"adjectives": […], "animals": […]}`
/// with `load(contentsOf:)` to show the names Status shows.
public struct AliasWordLists: Sendable, Equatable {
    /// Adjectives, in order (duplicates allowed: indexes are taken modulo the count).
    public let adjectives: [String]
    /// Animals, in order.
    public let animals: [String]

    /// The most words a list may hold, and the longest word (bounds for untrusted files).
    public static let maximumCount = 100_000
    public static let maximumWordLength = 64

    /// Checks and wraps two lists: each non-empty, each word a non-empty single token of at most 64
    /// characters.
    public init(adjectives: [String], animals: [String]) throws {
        try AliasWordLists.check(adjectives, list: "adjectives")
        try AliasWordLists.check(animals, list: "animals")
        self.adjectives = adjectives
        self.animals = animals
    }

    /// Parley's own lists, the default.
    public static let parley: AliasWordLists = {
        // Fixed literals, checked by the tests; cannot fail at run time.
        try! AliasWordLists(adjectives: parleyAdjectives, animals: parleyAnimals)
    }()

    /// Lists from JSON: an object with string arrays `adjectives` and `animals` (other keys ignored).
    public init(json data: Data) throws {
        struct File: Decodable {
            let adjectives: [String]?
            let animals: [String]?
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw AliasWordListsError.notJSON(AliasWordListsError.summary(error))
        }
        guard let adjectives = file.adjectives else { throw AliasWordListsError.missingList("adjectives") }
        guard let animals = file.animals else { throw AliasWordListsError.missingList("animals") }
        try self.init(adjectives: adjectives, animals: animals)
    }

    /// Lists from a JSON file (at most 16 MiB).
    public static func load(contentsOf url: URL) throws -> AliasWordLists {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? NSNumber, size.intValue > 16 << 20 {
                throw AliasWordListsError.tooLarge(url.path)
            }
            data = try Data(contentsOf: url)
        } catch let error as AliasWordListsError {
            throw error
        } catch {
            throw AliasWordListsError.unreadable(url.path, error.localizedDescription)
        }
        do {
            return try AliasWordLists(json: data)
        } catch let error as AliasWordListsError {
            throw AliasWordListsError.inFile(url.path, error.description)
        }
    }

    private static func check(_ words: [String], list: String) throws {
        guard !words.isEmpty else { throw AliasWordListsError.emptyList(list) }
        guard words.count <= maximumCount else { throw AliasWordListsError.tooManyWords(list, words.count) }
        for (index, word) in words.enumerated() {
            guard !word.isEmpty, word.count <= maximumWordLength,
                  !word.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
            else {
                throw AliasWordListsError.invalidWord(list, index: index, word: MnemonicError.printable(word))
            }
        }
    }
}

/// Why a word-list file was rejected.
public enum AliasWordListsError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON(String)
    case missingList(String)
    case emptyList(String)
    case tooManyWords(String, Int)
    case invalidWord(String, index: Int, word: String)
    case tooLarge(String)
    case unreadable(String, String)
    case inFile(String, String)

    public var description: String {
        switch self {
        case .notJSON(let reason):
            return "word lists must be a JSON object {\"adjectives\": [...], \"animals\": [...]}: \(reason)"
        case .missingList(let name):
            return "word-list JSON has no \"\(name)\" array of strings"
        case .emptyList(let name):
            return "the \(name) list is empty; it needs at least one word"
        case .tooManyWords(let name, let count):
            return "the \(name) list has \(count) words; at most \(AliasWordLists.maximumCount) are allowed"
        case .invalidWord(let name, let index, let word):
            return "\(name)[\(index)] \"\(word)\" is not a single word of 1 to \(AliasWordLists.maximumWordLength) characters without spaces"
        case .tooLarge(let path):
            return "\(path) is larger than 16 MiB; a word-list file is a few dozen KiB"
        case .unreadable(let path, let reason):
            return "cannot read word lists from \(path): \(reason)"
        case .inFile(let path, let reason):
            return "\(path): \(reason)"
        }
    }

    /// A short description of a JSON decoding error.
    static func summary(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        case DecodingError.typeMismatch(_, let context): return context.debugDescription + " at " + context.codingPath.map(\.stringValue).joined(separator: ".")
        case DecodingError.valueNotFound(_, let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        default: return "\(error)"
        }
    }
}
