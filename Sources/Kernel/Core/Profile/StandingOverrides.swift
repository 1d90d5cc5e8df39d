/// The `--set` overrides a running node was started with, kept in force across `parley ctl apply`
/// and SIGHUP so a role switch does not silently move the node to another port or drop its peers.
///
/// A standing override is re-applied to every later profile, with two limits so it never fights the
/// new role: only *settings* stand (`node.…` and `plugin.key…=value`; adding or removing a whole plugin
/// with `--set relay=` / `--set relay=false` is a role choice the new profile makes), and a plugin
/// setting stands only while the new profile has that plugin. An override given again with the
/// apply (same key) replaces the standing one.
public enum StandingOverrides {
    /// The entries of `older` whose key `newer` does not set again.
    public static func superseded(_ older: [String], by newer: [String]) throws -> [String] {
        let newerPaths = Set(try newer.map { try ProfileOverride(parsing: $0).path })
        return try older.filter { !newerPaths.contains(try ProfileOverride(parsing: $0).path) }
    }

    /// Whether `override` stands for a profile whose (merged) document has `plugins`.
    static func applies(_ override: ProfileOverride, plugins: Set<String>) -> Bool {
        switch override.path.first {
        case "node": return true
        case "plugins": return override.path.count >= 3 && plugins.contains(override.path[1])
        default: return false
        }
    }
}
