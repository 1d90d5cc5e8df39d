import Kernel
import Synchronization

/// A discovery source whose records tests hand in; counts how often it was asked (pull-based
/// discovery must not be asked while the node has enough peers).
public final class ScriptedDiscovery: DiscoverySource {
    public let name: String
    private let state = Mutex<(records: [PeerRecord], pulls: Int)>(([], 0))

    public init(name: String = "scripted") { self.name = name }

    public func offer(_ records: [PeerRecord]) { state.withLock { $0.records += records } }
    public var pulls: Int { state.withLock { $0.pulls } }

    public func nextPeers(limit: Int) async throws -> [PeerRecord] {
        state.withLock { state in
            state.pulls += 1
            let taken = Array(state.records.prefix(limit))
            state.records.removeFirst(taken.count)
            return taken
        }
    }
}

/// A plugin registering a given discovery source (so tests can put one in a profile).
public struct ScriptedDiscoveryPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(key: "scripted-discovery", summary: "test discovery source",
                                                    provides: [.discovery], requires: [.transport])
    public var descriptor: PluginDescriptor { Self.descriptor }
    let source: ScriptedDiscovery

    public static func factory(_ source: ScriptedDiscovery) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: NoSettings.self) { _ in ScriptedDiscoveryPlugin(source: source) }
    }

    public func prepare(_ context: PluginContext) async throws {
        await context.network.register(discovery: source)
    }
}
