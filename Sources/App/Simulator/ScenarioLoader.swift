import Foundation
import Kernel

/// Reads a scenario file with the kernel's YAML loader and config decoder, so a broken scenario is
/// reported like a broken profile: the key path and file:line:column to fix, unknown keys included.
public enum ScenarioLoader {
    /// Plugin keys of the build being asked (set while decoding; nil skips the availability check).
    @TaskLocal static var availablePlugins: Set<String>?

    /// Loads and checks the scenario at `path`; `plugins` are the keys of the catalog the run will use.
    public static func load(path: String, plugins: Set<String>) throws -> Scenario {
        try decode(YAMLLoader.load(path: path), plugins: plugins)
    }

    /// Parses scenario text (tests); `file` names it in errors.
    public static func parse(text: String, file: String = "<scenario>", plugins: Set<String>) throws -> Scenario {
        try decode(YAMLLoader.load(text: text, file: file), plugins: plugins)
    }

    static func decode(_ root: ConfigNode, plugins: Set<String>) throws -> Scenario {
        let scenario = try $availablePlugins.withValue(plugins) { try ConfigDecoder().decode(Scenario.self, from: root) }
        try check(scenario, root: root)
        return scenario
    }

    /// Cross-references the decoder cannot see: unique group names, groups that exist.
    static func check(_ scenario: Scenario, root: ConfigNode) throws {
        var names: Set<String> = []
        for (index, group) in scenario.groups.enumerated() {
            guard names.insert(group.name).inserted else {
                throw ConfigError("group name `\(group.name)` is used twice", path: "groups[\(index)].name", mark: root["groups"]?.items?[index]["name"]?.mark)
            }
        }
        func known(_ name: String, at path: String, _ node: ConfigNode?) throws {
            guard names.contains(name) else {
                throw ConfigError("no group named `\(name)`; groups: \(scenario.groups.map(\.name).joined(separator: ", "))", path: path, mark: node?.mark)
            }
        }
        for (index, group) in scenario.groups.enumerated() {
            for (j, target) in group.connectTo.enumerated() {
                try known(target, at: "groups[\(index)].connect-to[\(j)]", root["groups"]?.items?[index]["connect-to"]?.items?[j])
            }
        }
        for (index, churn) in scenario.churn.enumerated() {
            try known(churn.group, at: "churn[\(index)].group", root["churn"]?.items?[index]["group"])
        }
        for (index, change) in scenario.roleSwitches.enumerated() {
            try known(change.group, at: "role-switches[\(index)].group", root["role-switches"]?.items?[index]["group"])
        }
        for (index, chat) in scenario.traffic.publicChats.enumerated() {
            for group in chat.subscribers + chat.senders {
                try known(group, at: "traffic.public-chats[\(index)]", root["traffic"]?["public-chats"]?.items?[index])
            }
        }
        if !scenario.traffic.oneToOne.isEmpty {
            throw ConfigError("traffic.one-to-one (messenger 1:1 chats) is not simulated yet; use public-chats",
                              path: "traffic.one-to-one", mark: root["traffic"]?["one-to-one"]?.mark)
        }
    }
}
