import Bootstrap
import Devp2p
import Foundation
import Kernel
import Logging
import Messenger
import Synchronization
import StaticPeers
import WakuCore
import WakuProtocol
import WakuStore

/// An embedded local network on loopback RLPx — the demo's and the end-to-end tests' — built from
/// the shipped role profiles (`light`, `full`, `bootstrap`, plus `messenger` where an account is given).
/// Every node has its own data directory under `root`, so a stopped node comes back with its keys,
/// sessions and chats.
public final class LocalNetwork: Sendable {
    public let root: String
    public let profiles: String
    let logLevel: Logger.Level

    public init(root: String, profiles: String, logLevel: Logger.Level = .error) {
        self.root = root
        self.profiles = URL(fileURLWithPath: profiles).standardizedFileURL.path  // `extends:` resolves against the node's own file
        self.logLevel = logLevel
    }

    /// Switches a running node to another role at runtime (`Kernel.apply`); its connections stay up.
    @discardableResult
    public func switchRole(of node: LocalNode, to role: String, bootstrap: String? = nil, messenger: Bool,
                           extra: [String] = []) async throws -> ApplyReport {
        try await node.running().apply(try profile(node.name, role: role, bootstrap: bootstrap, messenger: messenger, extra: extra))
    }

    /// The profile of `name` in `role`: the shipped role file, plus the messenger, loopback devp2p and overrides.
    func profile(_ name: String, role: String, bootstrap: String?, messenger: Bool, extra: [String]) throws -> Profile {
        let directory = (root as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let profilePath = (directory as NSString).appendingPathComponent("\(role).yaml")
        var yaml = "name: \(name)\nextends: \((profiles as NSString).appendingPathComponent(role + ".yaml"))\nnode: { log-level: \(logLevel) }\n"
        if messenger { yaml += "plugins:\n  messenger: {}\n" }
        try yaml.write(toFile: profilePath, atomically: true, encoding: .utf8)
        var overrides = ["devp2p.host=127.0.0.1", "devp2p.port=0"] + extra
        if let bootstrap { overrides.append("static-peers.peers=[\(bootstrap)]") }
        return try ProfileLoader.load(path: profilePath, overrides: overrides)
    }

    /// Starts `name` in `role`, dialling `bootstrap` (an enode URL) if given; `account` adds the messenger.
    public func start(_ name: String, role: String, bootstrap: String? = nil, account: MessengerAccount? = nil,
                      extra: [String] = []) async throws -> LocalNode {
        let node = LocalNode(name: name, role: role)
        var registry = PluginRegistry()
        registry.register(Devp2pPlugin.factory())
        registry.register(StaticPeersPlugin.factory())
        registry.register(BootstrapPlugin.factory())
        registry.register(BootstrapPeersPlugin.factory())
        registry.register(WakuPlugin.factory(peers: node.peers))
        registry.register(SendPlugin.factory())
        registry.register(ReceivePlugin.factory())
        registry.register(RelayPlugin.factory(stats: node.relay))
        registry.register(StorePlugin.factory(handoff: node.archive))
        registry.register(HistoryPlugin.factory())
        registry.register(MessengerPlugin.factory(account: account, handoff: node.messenger))
        let directory = (root as NSString).appendingPathComponent(name)
        let profile = try profile(name, role: role, bootstrap: bootstrap, messenger: account != nil, extra: extra)
        let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        var logger = Logger(label: "local.\(name)")
        logger.logLevel = logLevel
        let kernel = Kernel(registry: registry, identity: identity, dataDirectory: directory, logger: logger)
        try await kernel.start(profile)
        node.kernel.set(kernel)
        return node
    }

    /// The enode URL a started node listens on.
    public static func enode(of node: LocalNode) async throws -> String {
        let kernel = try node.running()
        guard let port = await kernel.status().network.listenPorts["devp2p"] else { throw LocalNetworkError.notListening(node.name) }
        return kernel.identity.enode(host: "127.0.0.1", port: port)
    }
}

/// One node of a `LocalNetwork`, with handles on what the demo and the tests look at.
public final class LocalNode: Sendable {
    public let name: String
    public let role: String
    public let peers = WakuPeers()
    public let relay = RelayStats()
    public let archive = ServiceHandoff<EnvelopeArchive>()
    public let messenger = MessengerHandoff()
    let kernel = KernelSlot()

    init(name: String, role: String) {
        self.name = name
        self.role = role
    }

    /// The running kernel.
    public func running() throws -> Kernel {
        guard let kernel = kernel.get() else { throw LocalNetworkError.notRunning(name) }
        return kernel
    }

    /// Stops the node (its data directory stays).
    public func stop() async {
        await kernel.get()?.stop()
    }

    /// Waits until this node has a `waku/1` session with `other`.
    public func waitForWaku(with other: LocalNode, timeout: Duration = .seconds(20)) async throws {
        let id = try other.running().identity.peerID
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await peers.session(for: id) != nil { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw LocalNetworkError.noSession(name, other.name)
    }
}

/// A thread-safe slot for the node's kernel (set once started).
final class KernelSlot: Sendable {
    private let value = Mutex<Kernel?>(nil)
    func set(_ kernel: Kernel) { value.withLock { $0 = kernel } }
    func get() -> Kernel? { value.withLock { $0 } }
}

/// Why the local network could not do what was asked.
public enum LocalNetworkError: Error, CustomStringConvertible {
    case notRunning(String)
    case notListening(String)
    case noSession(String, String)

    public var description: String {
        switch self {
        case .notRunning(let name): return "node \(name) is not running"
        case .notListening(let name): return "node \(name) has no devp2p listener"
        case .noSession(let a, let b): return "\(a) did not reach \(b) over waku/1 in time"
        }
    }
}
