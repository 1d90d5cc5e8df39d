/// How a child profile is laid over its parent: mappings merge key by key (child wins), sequences
/// and scalars are replaced, `plugins.X: false` removes X, and plugin order is the parent's order
/// followed by the plugins the child adds.
enum ProfileMerge {
    /// Merges a validated child document (its `node` and `plugins`) over the parent's merged result.
    /// `name` and `extends` are not inherited and are not part of the result.
    static func merge(parent: ConfigNode, child: ConfigNode) -> ConfigNode {
        var result = parent
        for (key, value) in child.entries ?? [] {
            switch key {
            case "node":
                result = replacing(key, in: result) { deepMerge($0, value) }
            case "plugins":
                result = replacing(key, in: result) { mergePlugins($0, value) }
            default:
                continue
            }
        }
        return result
    }

    /// `base` with `overlay` laid over it. A null overlay leaves a mapping untouched (`node:` with
    /// nothing under it changes nothing) but resets a scalar.
    static func deepMerge(_ base: ConfigNode?, _ overlay: ConfigNode) -> ConfigNode {
        guard let base else { return overlay }
        switch (base.value, overlay.value) {
        case (.mapping, .null):
            return base
        case (.mapping(var entries), .mapping(let additions)):
            for (key, value) in additions {
                if let index = entries.firstIndex(where: { $0.key == key }) {
                    entries[index].value = deepMerge(entries[index].value, value)
                    entries[index].value.keyMark = value.keyMark ?? entries[index].value.keyMark
                } else {
                    entries.append((key: key, value: value))
                }
            }
            var merged = overlay
            merged.value = .mapping(entries)
            return merged
        default:
            return overlay
        }
    }

    private static func mergePlugins(_ base: ConfigNode?, _ overlay: ConfigNode) -> ConfigNode {
        var entries = base?.entries ?? []
        for (key, value) in overlay.entries ?? [] {
            let index = entries.firstIndex { $0.key == key }
            if value.scalar == "false" {
                if let index { entries.remove(at: index) }
            } else if let index {
                let keyMark = value.keyMark ?? entries[index].value.keyMark
                entries[index].value = deepMerge(entries[index].value, value)
                entries[index].value.keyMark = keyMark
            } else {
                entries.append((key: key, value: value))
            }
        }
        var merged = overlay
        merged.value = .mapping(entries)
        return merged
    }

    /// `root` (a mapping, or null) with `key`'s value replaced by `update(old value)`, appended if new.
    static func replacing(_ key: String, in root: ConfigNode, _ update: (ConfigNode?) -> ConfigNode) -> ConfigNode {
        var entries = root.entries ?? []
        var copy = root
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = update(entries[index].value)
        } else {
            entries.append((key: key, value: update(nil)))
        }
        copy.value = .mapping(entries)
        return copy
    }
}
