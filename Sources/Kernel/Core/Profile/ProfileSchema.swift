/// The shape every profile file must have before merging: a mapping with only `name`, `extends`,
/// `node` and `plugins`, each of the right kind. Checked per file so errors point into the file
/// that is wrong, not into the merged result.
enum ProfileSchema {
    static let topLevelKeys = ["name", "extends", "node", "plugins"]

    /// Validates one file's document (or, with `allowExtends: false` and `allowRemoval: false`, the
    /// merged and overridden result).
    static func validate(_ root: ConfigNode, allowExtends: Bool = true, allowRemoval: Bool = true) throws {
        guard let entries = root.entries else {
            if root.isNull { return }
            throw ConfigError("this is not a Parley profile: a profile is a mapping with the keys "
                + "\(topLevelKeys.joined(separator: ", ")); got \(root.value.shapeDescription)", path: root.path, mark: root.mark)
        }
        // Until the document looks like a profile, nothing of it is quoted back (`ctl apply /etc/passwd`).
        guard entries.isEmpty || entries.contains(where: { topLevelKeys.contains($0.key) }) else {
            throw ConfigError("this is not a Parley profile: a profile is a mapping with the keys "
                + "\(topLevelKeys.joined(separator: ", ")); this one has none of them", path: root.path, mark: root.mark)
        }
        for (key, value) in entries {
            switch key {
            case "name":
                guard value.isNull || !(value.scalar ?? "").isEmpty else {
                    throw ConfigError("expected the profile's name as text, got \(value.value.kindDescription)",
                                      path: value.path, mark: value.mark)
                }
            case "extends" where allowExtends:
                guard let text = value.scalar, !text.isEmpty else {
                    throw ConfigError("expected a profile to extend: a name like `light` (light.yaml next to this file) "
                        + "or a path; got \(value.value.kindDescription)", path: value.path, mark: value.mark)
                }
            case "node":
                guard value.isNull || value.entries != nil else {
                    throw ConfigError("expected a mapping of node settings (data-dir, log-level, peers, "
                        + "grace-period-seconds, control-socket), got \(value.value.kindDescription)",
                        path: value.path, mark: value.mark)
                }
            case "plugins":
                try validatePlugins(value, allowRemoval: allowRemoval)
            default:
                let allowed = allowExtends ? topLevelKeys : topLevelKeys.filter { $0 != "extends" }
                let hint = NameSuggestions.didYouMean(NameSuggestions.nearest(to: key, among: allowed))
                throw ConfigError("unknown top-level key '\(key)'\(hint) A profile has: \(allowed.joined(separator: ", "))",
                                  path: value.path, mark: value.entryMark)
            }
        }
    }

    private static func validatePlugins(_ plugins: ConfigNode, allowRemoval: Bool) throws {
        guard let entries = plugins.entries else {
            if plugins.isNull { return }
            throw ConfigError("expected a mapping of plugin names to their settings, got \(plugins.value.kindDescription)",
                              path: plugins.path, mark: plugins.mark)
        }
        for (key, value) in entries {
            if value.isNull || value.entries != nil { continue }
            if allowRemoval, value.scalar == "false" { continue }
            throw ConfigError("expected the settings of plugin '\(key)' as a mapping, nothing (default settings)"
                + (allowRemoval ? ", or `false` to remove a plugin inherited through `extends:`" : "")
                + "; got \(value.value.kindDescription)", path: value.path, mark: value.mark)
        }
    }
}
