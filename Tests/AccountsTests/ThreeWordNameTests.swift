import Foundation
import Primitives
import Testing
@testable import Accounts

@Suite struct ThreeWordNameTests {
    /// Status's word lists from ../shared/data (MPL-2.0 data, not in the repository). Required on CI.
    static func statusLists() throws -> AliasWordLists {
        try AliasWordLists.load(contentsOf: try SharedData.require("alias-wordlists.json"))
    }

    @Test(.enabled(if: SharedData.runnable("alias-wordlists.json"),
                   "needs Status's word lists at ../shared/data/alias-wordlists.json, which is not beside this clone"))
    func statusVectors() throws {
        let status = try Self.statusLists()
        #expect(status.adjectives.count == 1389 && status.animals.count == 1704)
        // status-go protocol/identity/alias/generate_test.go
        #expect(ThreeWordName.generate(seed: 42, words: status) == "Hard Tame Brownbutterfly")
        let key = "0x04eedbaafd6adf4a9233a13e7b1c3c14461fffeba2e9054b8d456ce5f6ebeafadcbf3dce3716253fbc391277fa5a086b60b283daf61fb5b1f26895f456c2f31ae3"
        #expect(try ThreeWordName.generate(chatKey: key, words: status) == "Darkorange Blue Bubblefish")
        // The same key in its other forms gives the same name.
        let chat = try ChatKey(parsing: key)
        #expect(try ThreeWordName.generate(chatKey: chat.zq3, words: status) == "Darkorange Blue Bubblefish")
        // The 2020 mobile account fixture.
        let keys = try AccountKeys(mnemonic: Mnemonic(phrase: StatusKeysTests.coinGlobe))
        #expect(ThreeWordName.generate(for: try keys.chatKey().publicKey, words: status) == "Cadetblue Fuzzy Flickertailsquirrel")
    }

    @Test func lfsrMatchesTheSpecification() {
        // seed 0 stays 0 forever.
        let lists = AliasWordLists.parley
        #expect(ThreeWordName.generate(seed: 0) == "\(lists.adjectives[0]) \(lists.adjectives[0]) \(lists.animals[0])")
        // One step by hand: taps 3,4,5,7 of 42 (0b101010) are bits 3 and 5 → parity 0.
        var register = ThreeWordName.LFSR(seed: 42)
        #expect(register.next() == 84)
        var high = ThreeWordName.LFSR(seed: 1 << 63 | 0b1000)
        #expect(high.next() == 0b10001)   // top bit shifted out, tap 3 set → feedback 1
    }

    @Test func parleyListsAreOurOwnAndWellFormed() throws {
        let lists = AliasWordLists.parley
        #expect(lists.adjectives.count >= 256 && lists.animals.count >= 256)
        #expect(Set(lists.adjectives).count == lists.adjectives.count)
        #expect(Set(lists.animals).count == lists.animals.count)
        for word in lists.adjectives + lists.animals {
            #expect(word.first?.isUppercase == true && word.allSatisfy(\.isLetter), "\(word)")
        }
        let name = ThreeWordName.generate(for: PrivateKey.generate().publicKey)
        #expect(name.split(separator: " ").count == 3)
    }

    @Test(.enabled(if: SharedData.runnable("alias-wordlists.json"),
                   "needs Status's word lists at ../shared/data/alias-wordlists.json, which is not beside this clone"))
    func parleyListsDifferFromStatusLists() throws {
        let status = try Self.statusLists()
        #expect(AliasWordLists.parley != status)
        #expect(ThreeWordName.generate(seed: 42) != ThreeWordName.generate(seed: 42, words: status))
    }

    @Test func wordListFilesAreValidated() throws {
        let good = Data(#"{"source": "test", "adjectives": ["Red", "Blue"], "animals": ["Cat"]}"#.utf8)
        let lists = try AliasWordLists(json: good)
        #expect(ThreeWordName.generate(seed: 42, words: lists).hasSuffix("Cat"))
        #expect(throws: AliasWordListsError.missingList("animals")) { try AliasWordLists(json: Data(#"{"adjectives": ["A"]}"#.utf8)) }
        #expect(throws: AliasWordListsError.emptyList("adjectives")) { try AliasWordLists(json: Data(#"{"adjectives": [], "animals": ["B"]}"#.utf8)) }
        #expect(throws: AliasWordListsError.invalidWord("animals", index: 1, word: "Two words")) {
            try AliasWordLists(json: Data(#"{"adjectives": ["A"], "animals": ["B", "Two words"]}"#.utf8))
        }
        #expect(throws: AliasWordListsError.self) { try AliasWordLists(json: Data(#"{"adjectives": [1], "animals": ["B"]}"#.utf8)) }
        #expect(throws: AliasWordListsError.self) { try AliasWordLists(json: Data("[".utf8)) }
        let missing = URL(fileURLWithPath: "/nonexistent/words.json")
        #expect(throws: AliasWordListsError.self) { try AliasWordLists.load(contentsOf: missing) }
    }
}
