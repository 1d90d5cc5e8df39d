#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads YAML text into a `ConfigNode` tree using the system libyaml, with a file, line and column
/// on every node and on every syntax error.
///
/// This is the only place that touches libyaml; everything above works on `ConfigNode`.
public enum YAMLLoader {
    /// Files larger than this are refused: profiles are a few kilobytes.
    public static let maximumFileSize = 4 << 20

    /// Parses `text`; `file` names it in marks and errors.
    public static func load(text: String, file: String) throws -> ConfigNode {
        try load(bytes: Array(text.utf8), file: file)
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws -> ConfigNode {
        try load(bytes: try readFile(path), file: path)
    }

    static func load(bytes: [UInt8], file: String, firstLineColumnOffset: Int = 0) throws -> ConfigNode {
        let reader = try YAMLEventReader(bytes: bytes, file: file, firstLineColumnOffset: firstLineColumnOffset)
        return try YAMLTreeBuilder(reader: reader, file: file).document()
    }

    /// The file's bytes, or an error naming the path and the system's reason.
    static func readFile(_ path: String) throws -> [UInt8] {
        guard let handle = fopen(path, "rb") else {
            throw ConfigError("cannot read '\(path)': \(reason(errno))")
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if read > 0 { bytes.append(contentsOf: chunk.prefix(read)) }
            if bytes.count > maximumFileSize {
                throw ConfigError("cannot read '\(path)': larger than \(maximumFileSize / (1 << 20)) MiB; is this really a profile?")
            }
            if read < chunk.count {
                if ferror(handle) != 0 { throw ConfigError("cannot read '\(path)': \(reason(errno))") }
                break
            }
        }
        return bytes
    }

    private static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
