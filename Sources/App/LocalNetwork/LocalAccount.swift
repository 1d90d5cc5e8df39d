import Accounts
import Foundation
import Messenger
import Primitives

/// A throwaway chat account for a node of the embedded local network: a fresh BIP-39 phrase, the keys
/// derived from it, and a random passphrase. The network stores it in the node's own keystore, so the
/// node's `messenger` unlocks it from its profile settings like any other node would.
public struct LocalAccount: Sendable {
    public let phrase: String
    public let keys: MessengerAccount
    let passphrase: String

    /// The chat identity (`m/43'/60'/1581'/0'/0`).
    public var identity: PrivateKey { keys.identity }

    public static func generate() throws -> LocalAccount {
        let (phrase, keys) = try MessengerAccount.generate()
        return LocalAccount(phrase: phrase, keys: keys, passphrase: UUID().uuidString)
    }

    /// Stores the account in `<directory>/accounts/` (light Argon2 parameters: a throwaway account on
    /// loopback) unless it is there already, and writes the passphrase file (0600). Returns the
    /// `messenger.…` overrides that make the node's messenger unlock it.
    func install(in directory: String) throws -> [String] {
        let store = AccountStore(dataDirectory: URL(fileURLWithPath: directory))
        let chatKey = "0x" + Hex.encode(identity.publicKey.uncompressed)
        if (try? store.find(chatKey)) == nil {
            var seed = try Mnemonic(phrase: phrase).seed()
            defer { secureZero(&seed) }
            _ = try store.add(seed: seed, passphrase: passphrase, parameters: .testing)
        }
        let passphraseFile = (directory as NSString).appendingPathComponent("passphrase")
        FileManager.default.createFile(atPath: passphraseFile, contents: Data(passphrase.utf8),
                                       attributes: [.posixPermissions: 0o600])
        return ["messenger.accounts-directory=\"\(directory)\"", "messenger.passphrase-file=\"\(passphraseFile)\"",
                "messenger.account=\"\(chatKey)\""]
    }
}
