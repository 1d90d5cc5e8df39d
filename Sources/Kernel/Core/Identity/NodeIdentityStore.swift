import Foundation
import Primitives

/// Why the node key could not be loaded or created.
public enum NodeIdentityError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the node key at \(path): \(reason); fix its permissions or delete it to create a new identity"
        case .malformed(let path):
            return "the node key at \(path) is not 64 hex characters of a valid secp256k1 key; delete it to create a new identity"
        case .unwritable(let path, let reason):
            return "cannot write the node key at \(path): \(reason); choose a writable --data-dir"
        }
    }
}

/// Loads the node key from `<data-dir>/node.key`, creating it (mode 0600, directory 0700) on first run.
public enum NodeIdentityStore {
    public static let fileName = "node.key"

    public static func loadOrCreate(dataDirectory: String) throws -> NodeIdentity {
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: dataDirectory) {
            do { try PrivateDirectory.ensure(dataDirectory) } catch {
                throw NodeIdentityError.unwritable(path: path, reason: "\(error)")
            }
        }
        if FileManager.default.fileExists(atPath: path) {
            return try load(path: path)
        }
        return try create(path: path, dataDirectory: dataDirectory)
    }

    static func load(path: String) throws -> NodeIdentity {
        chmod(path, 0o600)   // a key file copied in with a wider mode is made owner-only again
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw NodeIdentityError.unreadable(path: path, reason: String(cString: strerror(errno == 0 ? EACCES : errno)))
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count == 64, let raw = try? Hex.decode(text), let key = try? PrivateKey(rawBytes: raw) else {
            throw NodeIdentityError.malformed(path: path)
        }
        return NodeIdentity(privateKey: key)
    }

    static func create(path: String, dataDirectory: String) throws -> NodeIdentity {
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw NodeIdentityError.unwritable(path: path, reason: "\(error.localizedDescription)")
        }
        let key = PrivateKey.generate()
        let contents = Hex.encode(key.rawBytes) + "\n"
        // Create with owner-only permissions from the start (no window where the key is world-readable).
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw NodeIdentityError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let written = contents.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        guard written == contents.utf8.count, fsync(fd) == 0 else {
            throw NodeIdentityError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        return NodeIdentity(privateKey: key)
    }
}
