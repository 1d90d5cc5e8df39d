import Primitives
import Testing
@testable import Accounts

@Suite struct BIP32Tests {
    @Test func publishedVectors() throws {
        for vector in BIP32Vectors.valid {
            let master = try ExtendedKey.master(seed: bytes(vector.seed))
            for step in vector.chain {
                let key = try master.derive(path: step.path)
                #expect(key.xprv == step.xprv, "xprv at \(step.path) of seed \(vector.seed.prefix(8))")
                #expect(key.xpub == step.xpub, "xpub at \(step.path) of seed \(vector.seed.prefix(8))")
                // Round trip through the serialisations.
                #expect(try ExtendedKey(serialized: step.xprv) == key)
                #expect(try ExtendedKey(serialized: step.xpub) == key.neutered)
            }
        }
    }

    @Test func publicDerivationMatchesPrivateForNormalSteps() throws {
        let vector = BIP32Vectors.valid[0]
        // m/0'/1/2'/2/1000000000: the last two steps are normal, so they derive from the xpub at m/0'/1/2'.
        let parent = try ExtendedKey(serialized: vector.chain[3].xpub)
        let child = try parent.derive(path: "m/2/1000000000")
        #expect(child.xpub == vector.chain[5].xpub)
        #expect(child.xprv == nil)
        #expect(throws: ExtendedKeyError.hardenedFromPublic("0'")) { try parent.child(ChildIndex(0, hardened: true)) }
    }

    @Test func invalidSerialisationsAreRejected() {
        for text in BIP32Vectors.invalidXpub + BIP32Vectors.invalidXprv {
            #expect(throws: ExtendedKeyError.self, "\(text)") { try ExtendedKey(serialized: text) }
        }
        #expect(throws: ExtendedKeyError.badChecksum) {
            try ExtendedKey(serialized: String(BIP32Vectors.valid[0].chain[0].xprv.dropLast()) + "j")
        }
        #expect(throws: ExtendedKeyError.self) { try ExtendedKey(serialized: String(BIP32Vectors.valid[0].chain[0].xprv.prefix(60))) }
        #expect(throws: ExtendedKeyError.self) { try ExtendedKey(serialized: "xprv0OIl") }
        #expect(throws: ExtendedKeyError.self) { try ExtendedKey(serialized: "") }
    }

    @Test func seedLengthIsChecked() {
        #expect(throws: ExtendedKeyError.invalidSeedLength(15)) { try ExtendedKey.master(seed: [UInt8](repeating: 1, count: 15)) }
        #expect(throws: ExtendedKeyError.invalidSeedLength(65)) { try ExtendedKey.master(seed: [UInt8](repeating: 1, count: 65)) }
    }

    @Test func pathParsing() throws {
        let path = try DerivationPath(parsing: " m/44'/60h/0H/0/7 ")
        #expect(path.description == "m/44'/60'/0'/0/7")
        #expect(path.components.map(\.childNumber) == [0x8000_002c, 0x8000_003c, 0x8000_0000, 0, 7])
        #expect(try DerivationPath(parsing: "m").components.isEmpty)
        #expect(try DerivationPath(parsing: "m/2147483647'").components[0].childNumber == 0xffff_ffff)
        #expect(ChildIndex(childNumber: 0x8000_0005).description == "5'")
    }

    @Test func badPathsHaveClearErrors() {
        #expect(throws: DerivationPathError.missingRoot("44'/60'")) { try DerivationPath(parsing: "44'/60'") }
        #expect(throws: DerivationPathError.emptyComponent(position: 2)) { try DerivationPath(parsing: "m/44'//0") }
        #expect(throws: DerivationPathError.emptyComponent(position: 2)) { try DerivationPath(parsing: "m/0/") }
        #expect(throws: DerivationPathError.invalidComponent(position: 1, text: "x")) { try DerivationPath(parsing: "m/x") }
        #expect(throws: DerivationPathError.invalidComponent(position: 1, text: "-1")) { try DerivationPath(parsing: "m/-1") }
        #expect(throws: DerivationPathError.invalidComponent(position: 1, text: "1''")) { try DerivationPath(parsing: "m/1''") }
        #expect(throws: DerivationPathError.indexTooLarge("2147483648")) { try DerivationPath(parsing: "m/2147483648") }
        #expect(throws: DerivationPathError.indexTooLarge("99999999999999999999'")) { try DerivationPath(parsing: "m/99999999999999999999'") }
        #expect(throws: DerivationPathError.tooDeep(256)) {
            try DerivationPath(parsing: "m" + String(repeating: "/0", count: 256))
        }
        #expect(DerivationPathError.indexTooLarge("2147483648").description.contains("hardened"))
    }

    @Test func fingerprintsAndDepth() throws {
        let master = try ExtendedKey.master(seed: bytes(BIP32Vectors.valid[0].seed))
        #expect(Hex.encode(master.fingerprint) == "3442193e")   // BIP-32 vector 1 master fingerprint
        let child = try master.derive(path: "m/0'")
        #expect(child.parentFingerprint == master.fingerprint)
        #expect(child.depth == 1 && child.childNumber == 0x8000_0000)
        #expect(!child.description.contains("xprv"))
    }
}
