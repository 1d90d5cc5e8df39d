/// Why an account file could not be read, unlocked or written.
public enum KeystoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The passphrase does not decrypt the account; nothing was changed.
    case wrongPassphrase(path: String)
    /// The file is not a complete Parley account file.
    case malformed(path: String, reason: String)
    /// A newer (or unknown) format version.
    case unsupportedVersion(path: String, version: Int)
    /// Argon2id costs outside 1…16 passes / 8 KiB…1 GiB.
    case unsupportedParameters(opsLimit: UInt64, memLimit: UInt64)
    /// The decrypted seed does not give the chat key recorded in the file.
    case keyMismatch(path: String)
    /// An empty passphrase was given for a new account file.
    case emptyPassphrase
    /// An account with this chat key is already stored.
    case alreadyExists(path: String)
    /// No account matches (or none is stored).
    case notFound(String)
    /// Several accounts match; name one.
    case ambiguous(String, candidates: [String])
    /// A file-system operation failed.
    case io(path: String, reason: String)
    /// libsodium refused an operation.
    case cryptoFailure(String)

    public var description: String {
        switch self {
        case .wrongPassphrase(let path):
            return "wrong passphrase for \(path); nothing was changed"
        case .malformed(let path, let reason):
            return "\(path) is not a valid Parley account file (\(reason)); restore it from a backup or import the recovery phrase again"
        case .unsupportedVersion(let path, let version):
            return "\(path) has account format version \(version); this Parley reads version \(AccountFile.currentVersion) — upgrade Parley"
        case .unsupportedParameters(let ops, let mem):
            return "Argon2id costs \(ops) passes / \(mem) bytes are outside the allowed 1…16 passes and 8 KiB…1 GiB"
        case .keyMismatch(let path):
            return "\(path) decrypts, but its seed does not give the chat key recorded in the file: the file was altered"
        case .emptyPassphrase:
            return "the passphrase must not be empty: it protects the recovery seed on disk"
        case .alreadyExists(let path):
            return "this account is already stored in \(path)"
        case .notFound(let what):
            return what
        case .ambiguous(let selector, let candidates):
            return "\"\(selector)\" matches several accounts (\(candidates.joined(separator: ", "))); give a chat key or address"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .cryptoFailure(let reason):
            return "libsodium: \(reason)"
        }
    }
}
