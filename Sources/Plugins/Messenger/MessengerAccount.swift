import Accounts
import Foundation
import Primitives

/// The keys a messenger needs from a Status account: the chat (identity) key and the database key,
/// both derived from the BIP-39 seed (wire-facts §6.3).
public struct MessengerAccount: Sendable {
    public let identity: PrivateKey
    /// 32 bytes from `m/43'/60'/1581'/1'/0`.
    public let databaseKey: [UInt8]

    public init(identity: PrivateKey, databaseKey: [UInt8]) {
        self.identity = identity
        self.databaseKey = databaseKey
    }

    /// Derives both keys from a seed.
    public init(seed: [UInt8]) throws {
        let keys = try AccountKeys(seed: seed)
        guard let identity = try keys.chatKey().privateKey, let database = try keys.databaseKey().privateKey else {
            throw MessengerAccountError.noPrivateKey
        }
        self.init(identity: identity, databaseKey: database.rawBytes)
    }

    /// A fresh random account (demo and tests): a new 12-word phrase, returned with the keys.
    public static func generate() throws -> (phrase: String, account: MessengerAccount) {
        let mnemonic = try Mnemonic.generate(strength: 128)
        var seed = try mnemonic.seed()
        defer { secureZero(&seed) }
        return (mnemonic.phrase, try MessengerAccount(seed: seed))
    }

    /// Unlocks an account from `parley account`'s keystore.
    public static func unlock(accountsDirectory: String, selector: String?, passphrase: String) throws -> MessengerAccount {
        let store = AccountStore(dataDirectory: URL(fileURLWithPath: (accountsDirectory as NSString).expandingTildeInPath))
        let entry = try store.find(selector)
        var seed = try store.unlock(entry, passphrase: passphrase)
        defer { secureZero(&seed) }
        return try MessengerAccount(seed: seed)
    }
}

/// Why an account could not be used by the messenger.
public enum MessengerAccountError: Error, Equatable, Sendable, CustomStringConvertible {
    case noPrivateKey
    case noPassphrase(variable: String)

    public var description: String {
        switch self {
        case .noPrivateKey: return "the account's keys could not be derived"
        case .noPassphrase(let variable):
            return "the messenger needs the account passphrase: set \(variable) (or messenger.passphrase-file) before starting the node"
        }
    }
}
