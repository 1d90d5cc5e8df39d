import Primitives

/// Status's three-word name ("alias") of a public key, reproduced exactly (wire-facts §6.5, status-go
/// `protocol/identity/alias`): a 64-bit Fibonacci LFSR seeded with the low 64 bits of the key's X
/// coordinate picks two adjectives and an animal. The word lists are a parameter.
public enum ThreeWordName {
    /// The feedback polynomial status-go uses: taps at bits 3, 4, 5 and 7.
    public static let polynomial: UInt64 = 0xB8

    /// The name for a raw 64-bit seed: `A[next % |A|] A[next % |A|] N[next % |N|]`.
    public static func generate(seed: UInt64, words: AliasWordLists = .parley) -> String {
        var register = LFSR(seed: seed)
        let first = words.adjectives[Int(register.next() % UInt64(words.adjectives.count))]
        let second = words.adjectives[Int(register.next() % UInt64(words.adjectives.count))]
        let animal = words.animals[Int(register.next() % UInt64(words.animals.count))]
        return "\(first) \(second) \(animal)"
    }

    /// The name of a public key: the seed is the last 8 bytes of the 32-byte big-endian X.
    public static func generate(for key: PublicKey, words: AliasWordLists = .parley) -> String {
        generate(seed: seed(of: key), words: words)
    }

    /// The name of a chat key given in any form (`0x04…`, compressed hex, `zQ3…`).
    public static func generate(chatKey text: String, words: AliasWordLists = .parley) throws -> String {
        generate(for: try ChatKey(parsing: text).publicKey, words: words)
    }

    /// The LFSR seed of a key: X mod 2⁶⁴ (go's `big.Int.Int64()` of X, reinterpreted as unsigned).
    public static func seed(of key: PublicKey) -> UInt64 {
        key.raw64[24..<32].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// status-go's `lsfr`: each step shifts left and feeds in the parity of the tapped bits.
    struct LFSR {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            let tapped = state & ThreeWordName.polynomial
            let bit = UInt64(tapped.nonzeroBitCount & 1)
            state = state << 1 | bit
            return state
        }
    }
}
