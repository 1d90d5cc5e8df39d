import Primitives
import Testing
@testable import Accounts

/// Status's published account vectors (status-go account fixtures; docs/wire-facts.md "Published vectors").
@Suite struct StatusKeysTests {
    static let abandonAbout = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
    static let coinGlobe = "coin globe kit hamster notable proof orphan always mistake usual morning usage"

    @Test func bip44WithTrezorPassphrase() throws {
        // status-go account/generator/generator_test.go
        let keys = try AccountKeys(mnemonic: Mnemonic(phrase: Self.abandonAbout), passphrase: "TREZOR")
        #expect(keys.master.xprv == BIP39Vectors.english[0].xprv)
        let first = try keys.walletKey(0)
        #expect(first.privateKey.map { Hex.encode($0.rawBytes) } == "62f1d86b246c81bdd8f6c166d56896a4a5e1eddbcaebe06480e5c0bc74c28224")
        #expect(ChatKey(first.publicKey).statusID == "0x04986dee3b8afe24cb8ccb2ac23dac3f8c43d22850d14b809b26d6b8aa5a1f47784152cd2c7d9edd0ab20392a837464b5a750b2a7f3f06e6a5756b5211b6a6ed05")
        #expect(first.publicKey.checksumAddress == "0x9c32F71D4DB8Fb9e1A58B0a80dF79935e7256FA6")
        #expect(try keys.walletKey(1).publicKey.checksumAddress == "0x7AF7283bd1462C3b957e8FAc28Dc19cBbF2FAdfe")
    }

    @Test func bip44WithEmptyPassphrase() throws {
        let keys = try AccountKeys(mnemonic: Mnemonic(phrase: Self.abandonAbout))
        #expect(try keys.walletKey().publicKey.checksumAddress == "0x9858EfFD232B4033E47d90003D41EC34EcaEda94")
    }

    @Test func statusMobileAccount() throws {
        // status-go api/old_mobile_user_upgrading_from_v1_to_v2_test.go (addresses upper-cased there).
        let keys = try AccountKeys(mnemonic: Mnemonic(phrase: Self.coinGlobe))
        let chat = ChatKey(try keys.chatKey().publicKey)
        #expect(chat.address.lowercased() == "0x4851276E2B7DC3B8BEF1749127031BCB3578492D".lowercased())
        #expect(chat.statusID.hasPrefix("0x04f96f6f5"))
        let wallet = try keys.walletKey(0).publicKey
        #expect(wallet.checksumAddress.lowercased() == "0x23A5CEF34B18920785F4B895849936F65CBDEF73".lowercased())
        #expect(ChatKey(wallet).statusID.hasPrefix("0x047b67ad2"))
    }

    @Test func chatKeyPathIsHardenedKeyType() throws {
        // Errata #2: the article's m/43'/60'/1581'/0/0 is a different key.
        #expect(StatusPaths.chat.description == "m/43'/60'/1581'/0'/0")
        #expect(StatusPaths.database.description == "m/43'/60'/1581'/1'/0")
        #expect(try StatusPaths.wallet(3).description == "m/44'/60'/0'/0/3")
        let keys = try AccountKeys(mnemonic: Mnemonic(phrase: Self.coinGlobe))
        let article = try keys.master.derive(path: "m/43'/60'/1581'/0/0")
        #expect(article.publicKey != (try keys.chatKey()).publicKey)
        #expect(try keys.databaseKey().publicKey != (try keys.chatKey()).publicKey)
    }

    @Test func importedAccountFixture() throws {
        let keys = try AccountKeys(mnemonic: Mnemonic(phrase: "vocal blouse script census island armor seek catch wool narrow peasant attract"))
        let wallet = try keys.walletKey(0).publicKey
        #expect(wallet.checksumAddress.lowercased() == "0xB7A1233D1309CE665A3A4DB088E4A046EB333545".lowercased())
        #expect(ChatKey(wallet).statusID == "0x04fde3e58a7379161da2adf033fbee076e2ba11fca8b07c4d06610b399911a60017e4c108eae243487d19e273f99c2d6af13ff5e330783f4389212092b01cc616c")
        let imported = try PrivateKey(rawBytes: bytes("c3ad0b50652318f845565c13761e5369ce75dcbc2a94616e15b829d4b07410fe"))
        #expect(imported.publicKey.checksumAddress.lowercased() == "0x516312D69737C5E6EF16F22E0097FF5D9F0C4196".lowercased())
    }

    @Test func zq3Vector() throws {
        let statusID = "0x04deaafa03e3a646e54a36ec3f6968c1d3686847d88420f00c0ab6ee517ee1893398fca28aacd2af74f2654738c21d10bad3d88dc64201ebe0de5cf1e313970d3d"
        let key = try ChatKey(parsing: statusID)
        #expect(key.zq3 == "zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1C")
        #expect(key.statusID == statusID)
        // Every form parses back to the same key.
        #expect(try ChatKey(parsing: key.zq3) == key)
        #expect(try ChatKey(parsing: key.compressedHex) == key)
        #expect(try ChatKey(parsing: String(statusID.dropFirst(2)).uppercased()) == key)
        #expect(try ChatKey(parsing: " \(statusID)\n") == key)
        #expect(key.compressedHex.count == 68)
    }

    @Test func malformedChatKeys() {
        #expect(throws: ChatKeyError.empty) { try ChatKey(parsing: "  ") }
        #expect(throws: ChatKeyError.unrecognised(length: 6)) { try ChatKey(parsing: "0x0400") }
        #expect(throws: ChatKeyError.self) { try ChatKey(parsing: "zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1") }
        #expect(throws: ChatKeyError.self) { try ChatKey(parsing: "zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1l") }
        #expect(throws: ChatKeyError.self) { try ChatKey(parsing: "0x04" + String(repeating: "00", count: 64)) }
        #expect(throws: ChatKeyError.self) { try ChatKey(parsing: "0x05" + String(repeating: "11", count: 64)) }
        #expect(throws: ChatKeyError.self) { try ChatKey(parsing: "0xzz" + String(repeating: "11", count: 64)) }
        #expect(throws: ChatKeyError.self) { try ChatKey(parsing: "z" + String(repeating: "1", count: 500)) }
    }
}
