import Foundation

/// Why a data directory could not be made private.
public enum PrivateDirectoryError: Error, CustomStringConvertible, Equatable {
    case cannotCreate(path: String, reason: String)
    case cannotRestrict(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason):
            return "cannot create the directory \(path): \(reason); choose a writable --data-dir"
        case .cannotRestrict(let path, let reason):
            return "cannot set \(path) to mode 0700: \(reason); make the data directory yours (chown) or choose another --data-dir"
        }
    }
}

/// Directories holding keys and databases are owner-only (0700): created so, and an existing one
/// (say 0755 from an older version or a `mkdir`) is set back to 0700.
public enum PrivateDirectory {
    /// Creates `path` (and missing parents) and forces it and every directory between `root` and
    /// it to 0700. `root` itself is included; directories above it are left alone.
    public static func ensure(_ path: String, below root: String? = nil) throws {
        if root == nil, isPrivateDirectory(path) { return }   // one stat for the common case: already so
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw PrivateDirectoryError.cannotCreate(path: path, reason: error.localizedDescription)
        }
        var chain = [path]
        if let root {
            var current = path
            while current != root, current.hasPrefix(root), current.count > root.count {
                current = (current as NSString).deletingLastPathComponent
                chain.append(current)
            }
        }
        for directory in chain where chmod(directory, 0o700) != 0 {
            throw PrivateDirectoryError.cannotRestrict(path: directory, reason: String(cString: strerror(errno)))
        }
    }

    /// Whether `path` is a directory with mode 0700.
    static func isPrivateDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR && info.st_mode & 0o777 == 0o700
    }
}
