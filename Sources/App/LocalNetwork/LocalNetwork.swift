import Foundation
import Kernel
import Logging
import Messenger
import PluginCatalog
import Synchronization
import WakuCore
import WakuProtocol
import WakuStore

/// An embedded local network on loopback RLPx — the demo's and the end-to-end tests' — built from
/// the shipped role profiles (`light`, `full`, `bootstrap`, plus `messenger` where an account is given).
/// Every node has its own data directory under `root`, so a stopped node comes back with its keys,
/// sessions and chats.
///
/// Nodes are made exactly as `parley node` makes them: profile → plan → plugin instances from the one
/// `PluginCatalog`; what the demo and tests look at (the Waku peer set, the archive, the messenger) is
/// read from the running kernel's services, never handed to plugins.
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
        try await node.running().apply(try profile(node.name, role: role, bootstrap: bootstrap,
                                                   messenger: messenger ? node.accountSettings : nil, extra: extra))
    }

    /// The profile of `name` in `role`: the shipped role file, plus the messenger (with `messenger`'s
    /// settings), loopback devp2p and overrides.
    func profile(_ name: String, role: String, bootstrap: String?, messenger: [String]?, extra: [String]) throws -> Profile {
        let directory = (root as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let profilePath = (directory as NSString).appendingPathComponent("\(role).yaml")
        var yaml = "name: \(name)\nextends: \((profiles as NSString).appendingPathComponent(role + ".yaml"))\nnode: { log-level: \(logLevel) }\n"
        if messenger != nil { yaml += "plugins:\n  messenger: {}\n" }
        try yaml.write(toFile: profilePath, atomically: true, encoding: .utf8)
        var overrides = ["devp2p.host=127.0.0.1", "devp2p.port=0"] + (messenger ?? []) + extra
        if let bootstrap { overrides.append("static-peers.peers=[\(bootstrap)]") }
        return try ProfileLoader.load(path: profilePath, overrides: overrides)
    }

    /// Starts `name` in `role`, dialling `bootstrap` (an enode URL) if given; `account` (stored in the
    /// node's keystore) adds the messenger.
    public func start(_ name: String, role: String, bootstrap: String? = nil, account: LocalAccount? = nil,
                      extra: [String] = []) async throws -> LocalNode {
        let directory = (root as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let node = LocalNode(name: name, role: role, accountSettings: try account?.install(in: directory) ?? [])
        let profile = try profile(name, role: role, bootstrap: bootstrap, messenger: account.map { _ in node.accountSettings }, extra: extra)
        let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        var logger = Logger(label: "local.\(name)")
        logger.logLevel = logLevel
        let kernel = Kernel(registry: PluginCatalog.registry(), identity: identity, dataDirectory: directory, logger: logger)
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

/// One node of a `LocalNetwork`, with handles on what the demo and the tests look at (read from the
/// running kernel's services).
public final class LocalNode: Sendable {
    public let name: String
    public let role: String
    /// The `messenger.…` overrides that unlock the node's account (empty without one).
    let accountSettings: [String]
    let kernel = KernelSlot()

    init(name: String, role: String, accountSettings: [String]) {
        self.name = name
        self.role = role
        self.accountSettings = accountSettings
    }

    /// The running kernel.
    public func running() throws -> Kernel {
        guard let kernel = kernel.get() else { throw LocalNetworkError.notRunning(name) }
        return kernel
    }

    /// The node's `waku/1` peer directory (the `waku` plugin's service).
    public func peers() throws -> any WakuPeerDirectory {
        guard let peers = try running().service(.wakuPeers) else { throw LocalNetworkError.noService(name, "waku") }
        return peers
    }

    /// Where the node delivers every accepted envelope (the `waku` plugin's sinks).
    public func sinks() throws -> any WakuEnvelopeSinks {
        guard let sinks = try running().service(.wakuSinks) else { throw LocalNetworkError.noService(name, "waku") }
        return sinks
    }

    /// The node's messenger (the `messenger` plugin's service).
    public func messenger() throws -> Messenger {
        guard let messenger = try running().service(MessengerPlugin.messengerKey) else { throw LocalNetworkError.noService(name, "messenger") }
        return messenger
    }

    /// The node's envelope archive, if it runs `store`.
    public func archive() throws -> EnvelopeArchive? {
        try running().service(StorePlugin.archiveKey)
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
            if try await peers().link(to: id) != nil { return }
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
    case noService(String, String)

    public var description: String {
        switch self {
        case .notRunning(let name): return "node \(name) is not running"
        case .notListening(let name): return "node \(name) has no devp2p listener"
        case .noSession(let a, let b): return "\(a) did not reach \(b) over waku/1 in time"
        case .noService(let node, let plugin): return "node \(node) runs no `\(plugin)` plugin"
        }
    }
}
