import Accounts
import Primitives

/// The account layer: BIP-39 phrase → seed (PBKDF2-SHA512, 2048 rounds), BIP-32 derivation,
/// three-word names, identicon PNGs and unlocking an account file (Argon2id, default costs).
enum AccountBenchmarks {
    static func run() throws -> [Measurement] {
        var results: [Measurement] = []
        let mnemonic = try Mnemonic(phrase: "coin globe kit hamster notable proof orphan always mistake usual morning usage")
        results.append(try measure("BIP-39 phrase → seed", units: 20, unit: "seed") {
            for _ in 0..<20 { consume(try mnemonic.seed()) }
        })
        let seed = try mnemonic.seed()
        let master = try ExtendedKey.master(seed: seed)
        let hardened = try ChildIndex(0, hardened: true)
        let normal = try ChildIndex(0, hardened: false)
        results.append(try measure("BIP-32 child (hardened, private)", units: 2000, unit: "derivation") {
            for _ in 0..<2000 { consume(try master.child(hardened)) }
        })
        results.append(try measure("BIP-32 child (normal, private)", units: 2000, unit: "derivation") {
            for _ in 0..<2000 { consume(try master.child(normal)) }
        })
        let neutered = master.neutered
        results.append(try measure("BIP-32 child (normal, public)", units: 2000, unit: "derivation") {
            for _ in 0..<2000 { consume(try neutered.child(normal)) }
        })
        results.append(try measure("chat key from seed (5 steps)", units: 200, unit: "key") {
            for _ in 0..<200 { consume(try AccountKeys(seed: seed).chatKey()) }
        })
        let keys = (0..<1000).map { _ in PrivateKey.generate().publicKey }
        results.append(measure("three-word name", units: 100_000, unit: "name") {
            for i in 0..<100_000 { consume(ThreeWordName.generate(for: keys[i % keys.count])) }
        })
        let chatKey = ChatKey(keys[0])
        results.append(try measure("identicon → PNG (50×50)", units: 500, unit: "image") {
            for _ in 0..<500 { consume(try Identicon(chatKey: chatKey).pngData()) }
        })
        let file = try AccountFile.create(seed: seed, passphrase: "bench", parameters: .standard)
        results.append(try measure("unlock account (Argon2id 3×128 MiB)", runs: 3, units: 1, unit: "unlock") {
            var unlocked = try file.unlock(passphrase: "bench")
            secureZero(&unlocked)
        })
        return results
    }
}
