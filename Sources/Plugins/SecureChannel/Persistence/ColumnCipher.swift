import Crypto

/// Encrypts secret columns at rest with ChaCha20-Poly1305 when a 32-byte database key is configured
/// (ARCHITECTURE §6: nothing secret is written in clear). Each value is bound to its column and row by the
/// associated data, so sealed values cannot be swapped between rows or columns unnoticed.
///
/// Layout of a sealed value: swift-crypto's combined form `nonce(12) ‖ ciphertext ‖ tag(16)`.
struct ColumnCipher {
    private let key: SymmetricKey?

    /// `nil` stores secrets in clear (only for callers that protect the file otherwise).
    init(databaseKey: [UInt8]?) throws(SecureChannelStoreError) {
        if let databaseKey {
            guard databaseKey.count == 32 else { throw .invalidDatabaseKeyLength(databaseKey.count) }
            key = SymmetricKey(data: databaseKey)
        } else {
            key = nil
        }
    }

    var isEncrypting: Bool { key != nil }

    /// The stored form of a secret value of `column` in the row identified by `row`.
    func seal(_ value: [UInt8], column: String, row: [UInt8]) throws(SecureChannelStoreError) -> [UInt8] {
        guard let key else { return value }
        do {
            let box = try ChaChaPoly.seal(value, using: key, authenticating: Self.context(column, row))
            return Array(box.combined)
        } catch {
            throw .cannotDecryptColumn("\(column) (sealing failed: \(error))")
        }
    }

    /// The secret value from its stored form; a wrong key or altered row is `.cannotDecryptColumn`.
    func open(_ stored: [UInt8], column: String, row: [UInt8]) throws(SecureChannelStoreError) -> [UInt8] {
        guard let key else { return stored }
        do {
            let box = try ChaChaPoly.SealedBox(combined: stored)
            return Array(try ChaChaPoly.open(box, using: key, authenticating: Self.context(column, row)))
        } catch {
            throw .cannotDecryptColumn(column)
        }
    }

    private static func context(_ column: String, _ row: [UInt8]) -> [UInt8] {
        Array("parley.securechannel.\(column)".utf8) + [0] + row
    }
}
