import Primitives

/// The derivation paths Status uses (wire-facts §6.3, errata #2): EIP-1581 for the chat and database keys,
/// BIP-44 (coin type 60) for wallet accounts.
public enum StatusPaths {
    /// `m/43'/60'/1581'`: the EIP-1581 root.
    public static let eip1581Root = path("m/43'/60'/1581'")
    /// `m/43'/60'/1581'/0'/0`: the chat (identity) key. The key type `0'` is **hardened**; the
    /// article's `…/0/0` gives a different key.
    public static let chat = path("m/43'/60'/1581'/0'/0")
    /// `m/43'/60'/1581'/1'/0`: the database encryption key.
    public static let database = path("m/43'/60'/1581'/1'/0")
    /// `m/44'/60'/0'/0`: the BIP-44 Ethereum wallet root.
    public static let walletRoot = path("m/44'/60'/0'/0")

    /// `m/44'/60'/0'/0/i`: wallet account `i` (0 ≤ i < 2³¹).
    public static func wallet(_ index: UInt32) throws -> DerivationPath {
        try walletRoot.appending(ChildIndex(index, hardened: false))
    }

    /// Parses one of the fixed paths above (known valid, so parsing cannot fail).
    private static func path(_ text: String) -> DerivationPath {
        // The literals above are valid paths; `try!` documents that and is covered by the tests.
        try! DerivationPath(parsing: text)
    }
}

/// The keys of one Status account, derived from a BIP-39 seed: the chat (identity) key, the database
/// key and wallet keys. Derives the master key once.
public struct AccountKeys: Sendable {
    /// The BIP-32 master key of the seed.
    public let master: ExtendedKey

    /// Derives the master from a 64-byte BIP-39 seed (the caller zeroes its copy).
    public init(seed: some Collection<UInt8>) throws {
        self.master = try ExtendedKey.master(seed: seed)
    }

    /// From a phrase (validated) and an optional BIP-39 passphrase (Status: empty).
    public init(mnemonic: Mnemonic, passphrase: String = "") throws {
        var seed = try mnemonic.seed(passphrase: passphrase)
        defer { secureZero(&seed) }
        try self.init(seed: seed)
    }

    /// The chat key at `m/43'/60'/1581'/0'/0`.
    public func chatKey() throws -> ExtendedKey { try master.derive(StatusPaths.chat) }
    /// The database key at `m/43'/60'/1581'/1'/0`.
    public func databaseKey() throws -> ExtendedKey { try master.derive(StatusPaths.database) }
    /// Wallet key `i` at `m/44'/60'/0'/0/i`.
    public func walletKey(_ index: UInt32 = 0) throws -> ExtendedKey { try master.derive(StatusPaths.wallet(index)) }
}
