import Foundation
import Primitives

/// One Parley account file (version 1): the public facts of the account in the clear, and its 64-byte
/// BIP-39 seed sealed with Argon2id + XChaCha20-Poly1305 under the owner's passphrase.
///
/// ```json
/// {"format": "parley-account", "version": 1, "chatKey": "0x04…", "address": "0x…", "walletAddress": "0x…",
///  "created": "2024-05-01T12:00:00Z",
///  "kdf": {"name": "argon2id13", "opsLimit": 3, "memLimit": 134217728, "salt": "<16 bytes hex>"},
///  "cipher": {"name": "xchacha20poly1305-ietf", "nonce": "<24 bytes hex>", "ciphertext": "<80 bytes hex>"}}
/// ```
/// The associated data binds the public fields and KDF parameters to the ciphertext, so editing any of
/// them makes unlocking fail.
public struct AccountFile: Sendable, Equatable {
    /// The format version this code writes and reads.
    public static let currentVersion = 1
    /// The value of the `format` field.
    public static let formatName = "parley-account"
    /// Account files are tiny; larger files are refused before parsing.
    public static let maximumFileSize = 64 * 1024

    /// The chat (identity) key, `m/43'/60'/1581'/0'/0`.
    public let chatKey: ChatKey
    /// The default wallet address, `m/44'/60'/0'/0/0`.
    public let walletAddress: String
    /// When the file was first written (ISO 8601, UTC).
    public let created: String
    /// The Argon2id costs.
    public let parameters: KeystoreParameters
    let sealed: SeedSealer.Sealed

    /// Seals `seed` (a 64-byte BIP-39 seed) under `passphrase`, deriving the public facts from it.
    public static func create(seed: [UInt8], passphrase: String, parameters: KeystoreParameters = .standard,
                              created: Date = Date()) throws -> AccountFile {
        guard !passphrase.isEmpty else { throw KeystoreError.emptyPassphrase }
        guard seed.count == 64 else { throw ExtendedKeyError.invalidSeedLength(seed.count) }
        let keys = try AccountKeys(seed: seed)
        let chatKey = ChatKey(try keys.chatKey().publicKey)
        let wallet = try keys.walletKey(0).publicKey.checksumAddress
        let timestamp = AccountFile.timestamp(created)
        var password = Array(passphrase.utf8)
        defer { secureZero(&password) }
        let associated = AccountFile.associatedData(chatKey: chatKey, walletAddress: wallet, parameters: parameters)
        let sealed = try SeedSealer.seal(seed, passphrase: password, parameters: parameters, associatedData: associated)
        return AccountFile(chatKey: chatKey, walletAddress: wallet, created: timestamp, parameters: parameters, sealed: sealed)
    }

    init(chatKey: ChatKey, walletAddress: String, created: String, parameters: KeystoreParameters, sealed: SeedSealer.Sealed) {
        self.chatKey = chatKey
        self.walletAddress = walletAddress
        self.created = created
        self.parameters = parameters
        self.sealed = sealed
    }

    /// The seed, checked against the recorded chat key. Zero it when done. `path` names the file in errors.
    public func unlock(passphrase: String, path: String = "account file") throws -> [UInt8] {
        var password = Array(passphrase.utf8)
        defer { secureZero(&password) }
        let associated = AccountFile.associatedData(chatKey: chatKey, walletAddress: walletAddress, parameters: parameters)
        guard var seed = try SeedSealer.open(sealed, passphrase: password, parameters: parameters, associatedData: associated) else {
            throw KeystoreError.wrongPassphrase(path: path)
        }
        do {
            guard seed.count == 64, try AccountKeys(seed: seed).chatKey().publicKey == chatKey.publicKey else {
                secureZero(&seed)
                throw KeystoreError.keyMismatch(path: path)
            }
        } catch let error as KeystoreError {
            throw error
        } catch {
            secureZero(&seed)
            throw KeystoreError.keyMismatch(path: path)
        }
        return seed
    }

    /// The same account sealed under a new passphrase (fresh salt and nonce). Throws `wrongPassphrase`
    /// when `old` is wrong.
    public func changingPassphrase(from old: String, to new: String, parameters newParameters: KeystoreParameters? = nil,
                                   path: String = "account file") throws -> AccountFile {
        var seed = try unlock(passphrase: old, path: path)
        defer { secureZero(&seed) }
        guard !new.isEmpty else { throw KeystoreError.emptyPassphrase }
        var password = Array(new.utf8)
        defer { secureZero(&password) }
        let costs = newParameters ?? parameters
        let associated = AccountFile.associatedData(chatKey: chatKey, walletAddress: walletAddress, parameters: costs)
        let resealed = try SeedSealer.seal(seed, passphrase: password, parameters: costs, associatedData: associated)
        return AccountFile(chatKey: chatKey, walletAddress: walletAddress, created: created, parameters: costs, sealed: resealed)
    }

    /// `format ‖ version ‖ chat key ‖ wallet address ‖ Argon2id costs`, newline-separated.
    static func associatedData(chatKey: ChatKey, walletAddress: String, parameters: KeystoreParameters) -> [UInt8] {
        Array([AccountFile.formatName, String(AccountFile.currentVersion), chatKey.statusID, walletAddress,
               "argon2id13", String(parameters.opsLimit), String(parameters.memLimit)].joined(separator: "\n").utf8)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
