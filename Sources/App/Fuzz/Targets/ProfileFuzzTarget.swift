import Kernel
import PluginCatalog

extension FuzzTarget {
    /// The profile loader (Sources/Kernel/Core/Profile, libyaml): YAML text parsed as a profile, then
    /// planned against the real plugin catalog and rendered, as `parley profile check` does. `extends:`
    /// resolves in a private directory holding `light.yaml`; inputs that mention device or proc paths next
    /// to `extends` are skipped, since reading `/dev/zero` as a parent would only test the disk.
    public static let profile = FuzzTarget(
        name: "profile",
        summary: "ProfileLoader.parse(text:file:) + LifecyclePlan.make against PluginCatalog + rendered()",
        run: { input in
            let text = String(decoding: input, as: UTF8.self)
            if text.contains("xtends"), ["dev", "proc", "sys", "\\", "fd", "std"].contains(where: text.contains) { return }
            guard let profile = try? ProfileLoader.parse(text: text, file: "fuzz.yaml", baseDirectory: ProfileFixtures.directory),
                  let plan = try? LifecyclePlan.make(profile: profile, registry: catalog) else { return }
            _ = plan.rendered()
        },
        seeds: {
            [ProfileFixtures.light, ProfileFixtures.full, ProfileFixtures.bootstrap, "name: x\nplugins:\n  memory: {}\n"].map { Array($0.utf8) }
        })

    /// The plugin catalog `parley` uses (built once).
    private static let catalog = PluginCatalog.registry()
}
