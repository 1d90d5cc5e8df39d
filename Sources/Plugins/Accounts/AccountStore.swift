import Foundation
import Primitives

/// The accounts kept in a data directory: one `AccountFile` per account in `<data-dir>/accounts/`,
/// named after the chat key's address, written atomically with mode 0600 (directory 0700).
public struct AccountStore: Sendable {
    /// `<data-dir>/accounts`.
    public let directory: URL

    /// One stored account: where it lives and what it holds.
    public struct Entry: Sendable, Equatable {
        public let path: String
        public let file: AccountFile
    }

    /// The store inside `dataDirectory`.
    public init(dataDirectory: URL) {
        self.directory = dataDirectory.appendingPathComponent("accounts", isDirectory: true)
    }

    /// Where the account with `chatKey` is (or would be) stored.
    public func path(for chatKey: ChatKey) -> String {
        directory.appendingPathComponent(String(chatKey.address.lowercased().dropFirst(2)) + ".json").path
    }

    /// Every readable account, sorted by creation time then address. Files that are not account files
    /// are reported in `problems` rather than failing the listing.
    public func list() throws -> (entries: [Entry], problems: [KeystoreError]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch CocoaError.fileReadNoSuchFile {
            return ([], [])
        } catch {
            if !FileManager.default.fileExists(atPath: directory.path) { return ([], []) }
            throw KeystoreError.io(path: directory.path, reason: error.localizedDescription)
        }
        var entries: [Entry] = []
        var problems: [KeystoreError] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let path = directory.appendingPathComponent(name).path
            do {
                entries.append(Entry(path: path, file: try read(path: path)))
            } catch let error as KeystoreError {
                problems.append(error)
            }
        }
        entries.sort { ($0.file.created, $0.file.chatKey.address) < ($1.file.created, $1.file.chatKey.address) }
        return (entries, problems)
    }

    /// Reads and parses one account file.
    public func read(path: String) throws -> AccountFile {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? NSNumber, size.intValue > AccountFile.maximumFileSize {
                throw KeystoreError.malformed(path: path, reason: "\(size.intValue) bytes; an account file is under 2 KiB")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as KeystoreError {
            throw error
        } catch {
            throw KeystoreError.io(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try AccountFile(jsonData: data, path: path)
    }

    /// Stores a new account for `seed`, sealed under `passphrase`. Refuses to overwrite an existing one.
    @discardableResult
    public func add(seed: [UInt8], passphrase: String, parameters: KeystoreParameters = .standard) throws -> Entry {
        let file = try AccountFile.create(seed: seed, passphrase: passphrase, parameters: parameters)
        let path = path(for: file.chatKey)
        guard !FileManager.default.fileExists(atPath: path) else { throw KeystoreError.alreadyExists(path: path) }
        try write(file, to: path)
        return Entry(path: path, file: file)
    }

    /// Re-seals an account under a new passphrase. A wrong `old` passphrase throws and leaves the file
    /// untouched.
    public func changePassphrase(of entry: Entry, from old: String, to new: String) throws -> Entry {
        let current = try read(path: entry.path)
        let updated = try current.changingPassphrase(from: old, to: new, path: entry.path)
        try write(updated, to: entry.path)
        return Entry(path: entry.path, file: updated)
    }

    /// The seed of an account; zero it when done.
    public func unlock(_ entry: Entry, passphrase: String) throws -> [UInt8] {
        try read(path: entry.path).unlock(passphrase: passphrase, path: entry.path)
    }

    /// Finds the account a user means: `selector` is a chat key in any form, an address (chat or
    /// wallet, any case), or a three-word name under `words`; `nil` picks the only account.
    public func find(_ selector: String?, words: AliasWordLists = .parley) throws -> Entry {
        let entries = try list().entries
        guard !entries.isEmpty else {
            throw KeystoreError.notFound("no accounts in \(directory.path); create one with `parley account new` or `parley account import`")
        }
        guard let selector = selector?.trimmingCharactersInWhitespace(), !selector.isEmpty else {
            guard entries.count == 1 else {
                throw KeystoreError.ambiguous("(no account given)", candidates: entries.map(\.file.chatKey.address))
            }
            return entries[0]
        }
        let wanted = try? ChatKey(parsing: selector)
        let matches = entries.filter { entry in
            let file = entry.file
            if let wanted, wanted == file.chatKey { return true }
            let lower = selector.lowercased()
            if lower == file.chatKey.address.lowercased() || lower == file.walletAddress.lowercased() { return true }
            return ThreeWordName.generate(for: file.chatKey.publicKey, words: words).lowercased() == lower
        }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw KeystoreError.notFound("no account matches \"\(MnemonicError.printable(selector))\"; `parley account list` shows them")
        default: throw KeystoreError.ambiguous(MnemonicError.printable(selector), candidates: matches.map(\.file.chatKey.address))
        }
    }

    private func write(_ file: AccountFile, to path: String) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeystoreError.io(path: directory.path, reason: "cannot create: \(error.localizedDescription)")
        }
        try AtomicFile.write(try file.jsonData(), to: path)
    }
}
