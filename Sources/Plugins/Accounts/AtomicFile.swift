import Foundation
import Primitives
#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif

/// Crash-safe file replacement: write a temporary file beside the target with owner-only permissions,
/// fsync it, rename it over the target, then fsync the directory. Readers see the old or the new
/// file, never a mix.
enum AtomicFile {
    /// Writes `data` to `path` with mode `mode` (default 0600).
    static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory as NSString).appendingPathComponent(
            ".\((path as NSString).lastPathComponent).tmp-\(Hex.random())")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw KeystoreError.io(path: temporary, reason: String(cString: strerror(errno))) }
        var closed = false
        var renamed = false
        defer {
            if !closed { close(descriptor) }
            if !renamed { unlink(temporary) }
        }
        // The umask may have narrowed the mode; set it exactly.
        guard fchmod(descriptor, mode) == 0 else { throw KeystoreError.io(path: temporary, reason: String(cString: strerror(errno))) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = posixWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw KeystoreError.io(path: temporary, reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw KeystoreError.io(path: temporary, reason: "fsync: " + String(cString: strerror(errno))) }
        closed = true
        guard close(descriptor) == 0 else { throw KeystoreError.io(path: temporary, reason: "close: " + String(cString: strerror(errno))) }
        guard rename(temporary, path) == 0 else { throw KeystoreError.io(path: path, reason: "rename: " + String(cString: strerror(errno))) }
        renamed = true
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}

private extension Hex {
    static func random() -> String { Hex.encode(SecureRandom.bytes(6)) }
}
