import Devp2p
import Foundation
import Kernel
import Logging
import MemoryTransport
import StaticPeers

/// Profile loading/planning and runtime role switching.
enum KernelBenchmarks {
    static func run(profileDirectory: String) async throws -> [Measurement] {
        var results: [Measurement] = []
        let switchboard = MemorySwitchboard()
        var registry = PluginRegistry()
        registry.register(MemoryTransportPlugin.factory(switchboard: switchboard))
        registry.register(StaticPeersPlugin.factory())
        registry.register(Devp2pPlugin.factory())
        for key in ["relay", "store", "bootstrap", "light-mode"] {
            registry.register(TypedPluginFactory(PluginDescriptor(key: key, summary: "bench plugin",
                                                                  provides: [Capability(key)], requires: [.transport]),
                                                 config: NoSettings.self) { _ in IdlePlugin(key: key) })
        }
        let alice = (profileDirectory as NSString).appendingPathComponent("alice-direct.yaml")
        results.append(try measure("profile load + plan (extends)", units: 200, unit: "profile") {
            for _ in 0..<200 {
                let profile = try ProfileLoader.load(path: alice)
                consume(try LifecyclePlan.make(profile: profile, registry: registry))
            }
        })

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let light = try ProfileLoader.parse(text: """
            name: light
            plugins:
              memory: { name: bench }
              static-peers: { peers: ["memory://hub"] }
              light-mode:
            """, file: "light.yaml")
        let full = try ProfileLoader.parse(text: """
            name: full
            plugins:
              memory: { name: bench }
              static-peers: { peers: ["memory://hub"] }
              relay:
              store:
              bootstrap:
            """, file: "full.yaml")
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let kernel = Kernel(registry: registry, identity: NodeIdentity(privateKey: .generate()),
                            dataDirectory: scratch, logger: logger)
        try await kernel.start(light)
        results.append(try await measureAsync("apply light→full→light", units: 100, unit: "switch") {
            for _ in 0..<50 {
                try await kernel.apply(full)
                try await kernel.apply(light)
            }
        })
        await kernel.stop()
        return results
    }
}

/// A plugin with no work, so the apply benchmark measures the kernel's own cost.
struct IdlePlugin: NodePlugin {
    let key: String
    var descriptor: PluginDescriptor {
        PluginDescriptor(key: key, summary: "bench plugin", provides: [Capability(key)], requires: [.transport])
    }
}
