import Foundation
import Primitives
import Testing
@testable import Accounts

/// Random and mutated input to every parser: each must return or throw, never trap.
@Suite struct NeverTrapTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    static func mutate(_ text: String, _ rng: inout Generator) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let pool: [Unicode.Scalar] = ["a", "z", " ", "/", "'", "h", "0", "9", "x", "\u{0}", "\u{301}", "é", "\n", "Q", "-", "\""]
            let position = scalars.isEmpty ? 0 : Int.random(in: 0..<scalars.count, using: &rng)
            switch Int.random(in: 0...2, using: &rng) {
            case 0 where !scalars.isEmpty: scalars.remove(at: position)
            case 1: scalars.insert(pool.randomElement(using: &rng)!, at: position)
            default: if !scalars.isEmpty { scalars[position] = pool.randomElement(using: &rng)! }
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test func textParsers() throws {
        var rng = Generator(state: 0x5eed)
        let seeds = [StatusKeysTests.abandonAbout, "m/44'/60'/0'/0/0", BIP32Vectors.valid[0].chain[2].xprv,
                     "zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1C", "0x02" + String(repeating: "ab", count: 32)]
        for round in 0..<3000 {
            let text = Self.mutate(seeds[round % seeds.count], &rng)
            _ = try? Mnemonic(phrase: text)
            _ = try? DerivationPath(parsing: text)
            _ = try? ExtendedKey(serialized: text)
            _ = try? ChatKey(parsing: text)
        }
    }

    @Test func accountFilesAndWordLists() throws {
        var rng = Generator(state: 0xacc7)
        let file = try AccountFile.create(seed: KeystoreTests.seed, passphrase: "pw", parameters: .testing)
        let text = String(decoding: try file.jsonData(), as: UTF8.self)
        let lists = #"{"adjectives": ["Red", "Blue"], "animals": ["Cat", "Dog"]}"#
        for _ in 0..<1500 {
            if let mutated = try? AccountFile(jsonData: Data(Self.mutate(text, &rng).utf8)) {
                _ = try? mutated.unlock(passphrase: "pw")
            }
            _ = try? AliasWordLists(json: Data(Self.mutate(lists, &rng).utf8))
        }
        // Pure noise too.
        for _ in 0..<200 {
            let noise = Data((0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            _ = try? AccountFile(jsonData: noise)
            _ = try? AliasWordLists(json: noise)
            _ = try? PNGImage.decodeRGBA(Array(noise))
        }
    }
}
