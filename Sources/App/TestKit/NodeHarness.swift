import Foundation
import Kernel
import Logging
import MemoryTransport

/// Starts kernels for tests and simulations: a temp data directory each, a shared private memory
/// switchboard, profiles given as YAML text.
public final class NodeHarness: Sendable {
    public let switchboard = MemorySwitchboard()
    public let root: String
    private let extraFactories: [any PluginFactory]

    public init(extraFactories: [any PluginFactory] = []) {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(UUID().uuidString)").path
        self.extraFactories = extraFactories
    }

    public func registry(including factories: [any PluginFactory] = []) -> PluginRegistry {
        var registry = PluginRegistry()
        registry.register(MemoryTransportPlugin.factory(switchboard: switchboard))
        for factory in extraFactories + factories { registry.register(factory) }
        return registry
    }

    /// Writes `yaml` to `<root>/profiles/<name>.yaml` and loads it.
    public func profile(_ name: String, _ yaml: String, overrides: [String] = []) throws -> Profile {
        let directory = (root as NSString).appendingPathComponent("profiles")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("\(name).yaml")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try ProfileLoader.load(path: path, overrides: overrides)
    }

    public func kernel(_ name: String, registry: PluginRegistry,
                       backoff: RedialBackoff = RedialBackoff(initial: .milliseconds(50), maximum: .milliseconds(400)),
                       clock: any NodeClock = SystemClock()) throws -> Kernel {
        let directory = (root as NSString).appendingPathComponent(name)
        let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        var logger = Logger(label: "test.\(name)")
        logger.logLevel = .warning
        return Kernel(registry: registry, identity: identity, dataDirectory: directory, logger: logger,
                      clock: clock, backoff: backoff, startTimeout: .seconds(5))
    }

    /// Removes the temp directory.
    public func cleanUp() {
        try? FileManager.default.removeItem(atPath: root)
    }
}
