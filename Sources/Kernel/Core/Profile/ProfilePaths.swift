import Foundation

/// File-name arithmetic for profiles: where `extends:` looks, what a profile is called by default,
/// and the identity used to detect `extends:` cycles.
enum ProfilePaths {
    /// The directory part of `path`, or `.` for a bare file name.
    static func directory(of path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }

    /// `profiles/light.yaml` → `light`.
    static func baseName(of path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// `light` → `<directory>/light.yaml` (or `.yml` if only that exists); anything with a `/` or a
    /// YAML extension is a path relative to `directory` (absolute and `~` paths as they are).
    static func resolve(extends reference: String, from directory: String) -> String {
        let expanded = (reference as NSString).expandingTildeInPath
        let isBareName = !expanded.contains("/") && !expanded.hasSuffix(".yaml") && !expanded.hasSuffix(".yml")
        if isBareName {
            let yaml = (directory as NSString).appendingPathComponent(expanded + ".yaml")
            let yml = (directory as NSString).appendingPathComponent(expanded + ".yml")
            return !FileManager.default.fileExists(atPath: yaml) && FileManager.default.fileExists(atPath: yml) ? yml : yaml
        }
        if expanded.hasPrefix("/") { return expanded }
        return (directory as NSString).appendingPathComponent(expanded)
    }

    /// An absolute, symlink-free path, so `./a.yaml` and `a.yaml` count as the same file in a cycle.
    static func identity(of path: String) -> String {
        let absolute = path.hasPrefix("/") ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return URL(fileURLWithPath: absolute).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
