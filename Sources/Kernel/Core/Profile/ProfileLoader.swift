import Foundation

/// Loads a profile: reads the YAML, follows `extends:`, merges, applies `--set` overrides, checks
/// the shape and decodes the `node:` section.
///
/// Errors are `ConfigError`s naming file, line, column and YAML path; an invalid profile is never
/// half-loaded.
public enum ProfileLoader {
    /// How many `extends:` hops a profile may take.
    public static let maximumExtendsDepth = 16

    /// Loads the profile file at `path`, then applies the `standing` overrides that fit it (see
    /// `StandingOverrides`) and then `overrides` (`key=value` strings).
    public static func load(path: String, overrides: [String] = [], standing: [String] = []) throws -> Profile {
        let document = try YAMLLoader.load(path: path)
        return try assemble(document, file: path, directory: ProfilePaths.directory(of: path),
                            overrides: overrides, standing: standing, sourcePath: path)
    }

    /// Parses profile text held in memory; `extends:` resolves against `baseDirectory` (default: the
    /// directory part of `file`, else the current directory).
    public static func parse(text: String, file: String, overrides: [String] = [],
                             baseDirectory: String? = nil) throws -> Profile {
        let document = try YAMLLoader.load(text: text, file: file)
        return try assemble(document, file: file, directory: baseDirectory ?? ProfilePaths.directory(of: file),
                            overrides: overrides, standing: [], sourcePath: nil)
    }

    private static func assemble(_ document: ConfigNode, file: String, directory: String,
                                 overrides: [String], standing: [String], sourcePath: String?) throws -> Profile {
        let merged = try ProfileChain.resolve(document, file: file, directory: directory, chain: [])
        let name = document["name"].flatMap(\.scalar) ?? ProfilePaths.baseName(of: file)
        let nameNode = document["name"].flatMap { $0.isNull ? nil : $0 }
            ?? ConfigNode(value: .scalar(name))
        var root = ConfigNode(value: .mapping([
            (key: "name", value: nameNode),
            (key: "node", value: merged["node"] ?? ConfigNode(value: .mapping([]), mark: document.mark)),
            (key: "plugins", value: merged["plugins"] ?? ConfigNode(value: .mapping([]), mark: document.mark)),
        ]), mark: document.mark).repathed(to: "")
        let plugins = Set((root["plugins"]?.entries ?? []).map(\.key))
        for text in standing {
            let override = try ProfileOverride(parsing: text)
            if StandingOverrides.applies(override, plugins: plugins) {
                root = try override.apply(to: root).repathed(to: "")
            }
        }
        for text in overrides {
            root = try ProfileOverride(parsing: text).apply(to: root).repathed(to: "")
        }
        try ProfileSchema.validate(root, allowExtends: false, allowRemoval: false)
        return try profile(from: root, sourcePath: sourcePath)
    }

    private static func profile(from root: ConfigNode, sourcePath: String?) throws -> Profile {
        guard let name = root["name"]?.scalar, !name.isEmpty else {
            throw ConfigError("the profile has no name; add `name: <role>`", path: "name", mark: root["name"]?.mark)
        }
        let nodeSection = root["node"] ?? ConfigNode(value: .mapping([]), path: "node")
        let settings = try ConfigDecoder().decode(NodeSettings.self, from: nodeSection)
        let plugins = (root["plugins"]?.entries ?? []).map { entry -> PluginEntry in
            var config = entry.value
            if config.isNull { config.value = .mapping([]) }
            return PluginEntry(key: entry.key, config: config)
        }
        return Profile(name: name, sourcePath: sourcePath, node: settings, plugins: plugins, root: root)
    }
}
