import Foundation
import Primitives

extension AccountFile {
    private struct Document: Codable {
        struct KDF: Codable {
            let name: String
            let opsLimit: UInt64
            let memLimit: UInt64
            let salt: String
        }
        struct Cipher: Codable {
            let name: String
            let nonce: String
            let ciphertext: String
        }
        let format: String
        let version: Int
        let chatKey: String
        let address: String
        let walletAddress: String
        let created: String
        let kdf: KDF
        let cipher: Cipher
    }

    /// The file's JSON bytes (sorted keys, pretty-printed, trailing newline).
    public func jsonData() throws -> Data {
        let document = Document(
            format: AccountFile.formatName, version: AccountFile.currentVersion, chatKey: chatKey.statusID,
            address: chatKey.address, walletAddress: walletAddress, created: created,
            kdf: .init(name: "argon2id13", opsLimit: parameters.opsLimit, memLimit: parameters.memLimit, salt: Hex.encode(sealed.salt)),
            cipher: .init(name: "xchacha20poly1305-ietf", nonce: Hex.encode(sealed.nonce), ciphertext: Hex.encode(sealed.ciphertext)))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document) + Data("\n".utf8)
    }

    /// Parses a file's bytes; `path` names the file in errors. Every malformed input is a
    /// `KeystoreError.malformed` (or `.unsupportedVersion`), never a trap.
    public init(jsonData data: Data, path: String = "account file") throws {
        guard data.count <= AccountFile.maximumFileSize else {
            throw KeystoreError.malformed(path: path, reason: "\(data.count) bytes; an account file is under 2 KiB")
        }
        // Read the version first, so a future format gets a precise error rather than a schema error.
        struct Header: Decodable { let format: String?; let version: Int? }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw KeystoreError.malformed(path: path, reason: "not JSON, or truncated")
        }
        guard header.format == AccountFile.formatName else {
            throw KeystoreError.malformed(path: path, reason: "\"format\" is not \"\(AccountFile.formatName)\"")
        }
        guard let version = header.version else { throw KeystoreError.malformed(path: path, reason: "no \"version\"") }
        guard version == AccountFile.currentVersion else { throw KeystoreError.unsupportedVersion(path: path, version: version) }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw KeystoreError.malformed(path: path, reason: AliasWordListsError.summary(error))
        }
        func field(_ name: String, _ text: String, bytes count: Int? = nil, atLeast minimum: Int = 0) throws -> [UInt8] {
            guard text.utf8.count <= 4 * AccountFile.maximumFileSize, let bytes = try? Hex.decode(text) else {
                throw KeystoreError.malformed(path: path, reason: "\"\(name)\" is not hex")
            }
            if let count, bytes.count != count {
                throw KeystoreError.malformed(path: path, reason: "\"\(name)\" is \(bytes.count) bytes, expected \(count)")
            }
            guard bytes.count >= minimum else { throw KeystoreError.malformed(path: path, reason: "\"\(name)\" is too short") }
            return bytes
        }
        guard document.kdf.name == "argon2id13" else {
            throw KeystoreError.malformed(path: path, reason: "unknown KDF \"\(MnemonicError.printable(document.kdf.name))\"")
        }
        guard document.cipher.name == "xchacha20poly1305-ietf" else {
            throw KeystoreError.malformed(path: path, reason: "unknown cipher \"\(MnemonicError.printable(document.cipher.name))\"")
        }
        let parameters: KeystoreParameters
        do {
            parameters = try KeystoreParameters(opsLimit: document.kdf.opsLimit, memLimit: document.kdf.memLimit)
        } catch {
            throw KeystoreError.malformed(path: path, reason: "\(error)")
        }
        let chatKey: ChatKey
        do {
            chatKey = try ChatKey(parsing: document.chatKey)
        } catch {
            throw KeystoreError.malformed(path: path, reason: "\"chatKey\": \(error)")
        }
        guard document.address.lowercased() == chatKey.address.lowercased() else {
            throw KeystoreError.malformed(path: path, reason: "\"address\" does not belong to \"chatKey\"")
        }
        guard document.walletAddress.utf8.count == 42, document.walletAddress.hasPrefix("0x"),
              (try? Hex.decode(document.walletAddress))?.count == 20 else {
            throw KeystoreError.malformed(path: path, reason: "\"walletAddress\" is not a 0x-prefixed 20-byte address")
        }
        let sealed = SeedSealer.Sealed(
            salt: try field("kdf.salt", document.kdf.salt, bytes: SeedSealer.saltBytes),
            nonce: try field("cipher.nonce", document.cipher.nonce, bytes: SeedSealer.nonceBytes),
            ciphertext: try field("cipher.ciphertext", document.cipher.ciphertext, bytes: 64 + SeedSealer.tagBytes))
        self.init(chatKey: chatKey, walletAddress: document.walletAddress, created: document.created,
                  parameters: parameters, sealed: sealed)
    }
}
