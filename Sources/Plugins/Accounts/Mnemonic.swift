import Foundation
import Primitives

/// A validated BIP-39 recovery phrase (wire-facts §6.1): 12–24 words whose last bits are a SHA-256 checksum
/// of the entropy they encode.
///
/// `description` never prints the words. The phrase itself is a Swift `String` and cannot be wiped
/// from memory; the seed and entropy byte arrays the caller gets can (`secureZero`).
public struct Mnemonic: Sendable, Equatable, CustomStringConvertible {
    /// The lower-case words in order.
    public let words: [String]

    /// The word counts BIP-39 allows (128, 160, 192, 224, 256 bits of entropy).
    public static let validWordCounts = [12, 15, 18, 21, 24]
    /// The entropy sizes BIP-39 allows, in bits.
    public static let validStrengths = [128, 160, 192, 224, 256]

    /// The words joined by single spaces — what seeds are computed from.
    public var phrase: String { words.joined(separator: " ") }

    public var description: String { "Mnemonic(\(words.count) words)" }

    /// Parses and validates a phrase: any whitespace between words, any letter case. Throws
    /// `MnemonicError.unknownWord` (with suggestions) for a word outside the list and
    /// `.checksumMismatch` when the words are valid but do not belong together.
    public init(phrase: String, wordlist: BIP39Wordlist = .english) throws {
        // Bound the work before splitting: 24 words of at most 8 letters fit easily in 1 KiB.
        guard phrase.utf8.count <= 4096 else { throw MnemonicError.invalidWordCount(phrase.utf8.count / 2) }
        let normalized = phrase.decomposedStringWithCompatibilityMapping.lowercased()
        let tokens = normalized.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard Mnemonic.validWordCounts.contains(tokens.count) else { throw MnemonicError.invalidWordCount(tokens.count) }
        var indexes: [Int] = []
        indexes.reserveCapacity(tokens.count)
        for (position, token) in tokens.enumerated() {
            guard let index = wordlist.index(of: token) else {
                throw MnemonicError.unknownWord(position: position + 1, word: MnemonicError.printable(token),
                                                suggestions: wordlist.suggestions(for: token))
            }
            indexes.append(index)
        }
        var entropy = try Mnemonic.entropy(fromIndexes: indexes)
        secureZero(&entropy)
        self.words = tokens
    }

    /// The phrase for `entropy` (16, 20, 24, 28 or 32 bytes).
    public init(entropy: some Collection<UInt8>, wordlist: BIP39Wordlist = .english) throws {
        var bytes = Array(entropy)
        defer { secureZero(&bytes) }
        guard Mnemonic.validStrengths.contains(bytes.count * 8) else { throw MnemonicError.invalidEntropyLength(bytes.count) }
        let checksumBits = bytes.count * 8 / 32
        var hash = SHA2.sha256(bytes)
        defer { secureZero(&hash) }
        var bits = BitWriter()
        for byte in bytes { bits.append(UInt(byte), bitCount: 8) }
        bits.append(UInt(hash[0] >> (8 - checksumBits)), bitCount: checksumBits)
        self.words = bits.elevenBitGroups().map { wordlist.words[$0] }
    }

    /// A new phrase from `strength` bits (128…256, a multiple of 32) of libsodium CSPRNG entropy.
    public static func generate(strength: Int = 128, wordlist: BIP39Wordlist = .english) throws -> Mnemonic {
        guard validStrengths.contains(strength) else { throw MnemonicError.invalidStrength(strength) }
        var entropy = SecureRandom.bytes(strength / 8)
        defer { secureZero(&entropy) }
        return try Mnemonic(entropy: entropy, wordlist: wordlist)
    }

    /// The entropy the words encode. Zero it when done.
    public func entropy(wordlist: BIP39Wordlist = .english) throws -> [UInt8] {
        let indexes = try words.enumerated().map { position, word in
            guard let index = wordlist.index(of: word) else {
                throw MnemonicError.unknownWord(position: position + 1, word: word, suggestions: wordlist.suggestions(for: word))
            }
            return index
        }
        return try Mnemonic.entropy(fromIndexes: indexes)
    }

    /// The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512(NFKD(phrase), "mnemonic" ‖ NFKD(passphrase), 2048).
    /// Status uses an empty passphrase. Zero the result when done.
    public func seed(passphrase: String = "") throws -> [UInt8] {
        try Mnemonic.seed(phrase: phrase, passphrase: passphrase)
    }

    /// The BIP-39 seed of any text, without validating it as a phrase (BIP-39 allows that; wallets
    /// should validate first).
    public static func seed(phrase: String, passphrase: String = "") throws -> [UInt8] {
        var password = Array(phrase.decomposedStringWithCompatibilityMapping.utf8)
        var salt = Array(("mnemonic" + passphrase).decomposedStringWithCompatibilityMapping.utf8)
        defer { secureZero(&password); secureZero(&salt) }
        do {
            return try Primitives.KDF.pbkdf2SHA512(password: password, salt: salt, iterations: 2048, length: 64)
        } catch {
            throw MnemonicError.seedDerivationFailed("\(error)")
        }
    }

    /// Checks the checksum and returns the entropy for 11-bit word values.
    private static func entropy(fromIndexes indexes: [Int]) throws -> [UInt8] {
        guard validWordCounts.contains(indexes.count) else { throw MnemonicError.invalidWordCount(indexes.count) }
        let totalBits = indexes.count * 11
        let checksumBits = totalBits / 33
        let entropyBytes = (totalBits - checksumBits) / 8
        var bits = BitWriter()
        for index in indexes { bits.append(UInt(index & 0x7ff), bitCount: 11) }
        var bytes = bits.bytes
        defer { secureZero(&bytes) }
        let entropy = Array(bytes.prefix(entropyBytes))
        var hash = SHA2.sha256(entropy)
        defer { secureZero(&hash) }
        // The checksum bits sit at the top of the byte after the entropy.
        let stored = bytes[entropyBytes] >> (8 - checksumBits)
        let expected = hash[0] >> (8 - checksumBits)
        guard stored == expected else {
            var wiped = entropy
            secureZero(&wiped)
            throw MnemonicError.checksumMismatch
        }
        return entropy
    }
}

/// Packs big-endian bit groups into bytes (the BIP-39 word ↔ entropy layout).
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var bitCount = 0

    mutating func append(_ value: UInt, bitCount count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) {
            let bit = UInt8((value >> UInt(shift)) & 1)
            if bitCount % 8 == 0 { bytes.append(0) }
            bytes[bytes.count - 1] |= bit << UInt8(7 - bitCount % 8)
            bitCount += 1
        }
    }

    /// The bits read back as 11-bit groups (the trailing partial group, if any, is dropped).
    func elevenBitGroups() -> [Int] {
        var out: [Int] = []
        var position = 0
        while position + 11 <= bitCount {
            var value = 0
            for offset in 0..<11 {
                let bit = position + offset
                value = value << 1 | Int((bytes[bit / 8] >> UInt8(7 - bit % 8)) & 1)
            }
            out.append(value)
            position += 11
        }
        return out
    }
}
