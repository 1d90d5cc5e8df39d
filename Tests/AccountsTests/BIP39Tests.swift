import Foundation
import Primitives
import Testing
@testable import Accounts

@Suite struct BIP39Tests {
    @Test func embeddedEnglishListMatchesTheStandardFile() throws {
        let words = BIP39Wordlist.english.words
        #expect(words.count == 2048)
        #expect(words.first == "abandon" && words.last == "zoo")
        let file = Array((words.joined(separator: "\n") + "\n").utf8)
        #expect(Hex.encode(SHA2.sha256(file)) == "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda")
    }

    @Test(.enabled(if: SharedData.runnable("bip39-english.txt"),
                   "needs ../shared/data/bip39-english.txt, which is not beside this clone"))
    func embeddedEnglishListMatchesTheSharedFile() throws {
        let file = Array((BIP39Wordlist.english.words.joined(separator: "\n") + "\n").utf8)
        #expect(try Data(contentsOf: try SharedData.require("bip39-english.txt")) == Data(file))
    }

    @Test func trezorVectors() throws {
        for vector in BIP39Vectors.english {
            let fromEntropy = try Mnemonic(entropy: bytes(vector.entropy))
            #expect(fromEntropy.phrase == vector.phrase)
            let parsed = try Mnemonic(phrase: vector.phrase)
            #expect(try parsed.entropy() == bytes(vector.entropy))
            let seed = try parsed.seed(passphrase: "TREZOR")
            #expect(Hex.encode(seed) == vector.seed)
            #expect(try ExtendedKey.master(seed: seed).xprv == vector.xprv)
        }
    }

    @Test func phraseParsingIsLenientAboutSpacingAndCase() throws {
        let phrase = "  Abandon abandon\tabandon abandon abandon abandon\nabandon abandon abandon abandon abandon ABOUT "
        let mnemonic = try Mnemonic(phrase: phrase)
        #expect(mnemonic.phrase == BIP39Vectors.english[0].phrase)
        #expect(mnemonic.description == "Mnemonic(12 words)")
    }

    @Test func generatedPhrasesAreValidAndDistinct() throws {
        for (strength, count) in zip(Mnemonic.validStrengths, Mnemonic.validWordCounts) {
            let first = try Mnemonic.generate(strength: strength)
            let second = try Mnemonic.generate(strength: strength)
            #expect(first.words.count == count)
            #expect(first != second)
            #expect(try Mnemonic(phrase: first.phrase) == first)
            #expect(try first.entropy().count == strength / 8)
        }
        #expect(throws: MnemonicError.invalidStrength(100)) { try Mnemonic.generate(strength: 100) }
    }

    @Test func passphraseIsNFKDNormalised() throws {
        let mnemonic = try Mnemonic(phrase: BIP39Vectors.english[0].phrase)
        // "é" precomposed (U+00E9) and decomposed (e + U+0301) give the same seed.
        #expect(try mnemonic.seed(passphrase: "caf\u{e9}") == mnemonic.seed(passphrase: "cafe\u{301}"))
        #expect(try mnemonic.seed(passphrase: "") != mnemonic.seed(passphrase: "TREZOR"))
    }

    @Test func unknownWordIsNamedWithSuggestions() {
        let phrase = "abandon abandon abandn abandon abandon abandon abandon abandon abandon abandon abandon about"
        do {
            _ = try Mnemonic(phrase: phrase)
            Issue.record("accepted a phrase with an unknown word")
        } catch let error as MnemonicError {
            guard case .unknownWord(let position, let word, let suggestions) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(position == 3 && word == "abandn")
            #expect(suggestions.first == "abandon")
            #expect(error.description.contains("word 3 \"abandn\""))
            #expect(error.description.contains("did you mean \"abandon\""))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func suggestionsCoverTranspositionsAndPrefixes() {
        #expect(BIP39Wordlist.english.suggestions(for: "zoo").first == "zoo")
        #expect(BIP39Wordlist.english.suggestions(for: "ohter").contains("other"))
        #expect(BIP39Wordlist.english.suggestions(for: "abstractly").contains("abstract"))
        #expect(BIP39Wordlist.english.suggestions(for: "").isEmpty)
    }

    @Test func badChecksumIsRejected() {
        let phrase = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
        #expect(throws: MnemonicError.checksumMismatch) { try Mnemonic(phrase: phrase) }
        #expect(MnemonicError.checksumMismatch.description.contains("checksum"))
    }

    @Test func wrongWordCountIsRejected() {
        #expect(throws: MnemonicError.invalidWordCount(11)) {
            try Mnemonic(phrase: "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")
        }
        #expect(throws: MnemonicError.invalidWordCount(0)) { try Mnemonic(phrase: "   ") }
        #expect(throws: MnemonicError.invalidEntropyLength(15)) { try Mnemonic(entropy: [UInt8](repeating: 0, count: 15)) }
    }

    @Test func rawSeedOfUnvalidatedText() throws {
        // BIP-39 defines the seed of any text; the phrase validator is separate.
        let seed = try Mnemonic.seed(phrase: BIP39Vectors.english[0].phrase, passphrase: "TREZOR")
        #expect(Hex.encode(seed) == BIP39Vectors.english[0].seed)
    }
}
