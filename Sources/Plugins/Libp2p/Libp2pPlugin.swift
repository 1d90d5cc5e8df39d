// The `libp2p` transport: TCP + multistream-select + Noise XX + yamux, with identify and ping, wire-compatible
// with go-/py-libp2p (wire-facts §1.10). Parley's own protocols ride one stream each (`/parley/waku/1`).
import Kernel
import Libp2pCore
import Logging

/// Why the libp2p transport could not start.
public enum Libp2pStartError: Error, CustomStringConvertible {
    case cannotListen(host: String, port: UInt16, reason: String)

    public var description: String {
        switch self {
        case .cannotListen(let host, let port, let reason):
            return "libp2p cannot listen on \(host):\(port): \(reason); set libp2p.port to a free port (or 0 for any)"
        }
    }
}

/// Listens for and dials libp2p connections; registers itself as the `multiaddr` transport. The node's
/// secp256k1 key is its libp2p identity, so its peer id (`16Uiu2HA…`) follows from its node key.
public struct Libp2pPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: "libp2p", summary: "libp2p over TCP (/ip4/…/tcp/…/p2p/…): Noise XX, yamux, identify, ping",
        provides: [.transport, "transport.libp2p"])
    static let transportKey = ServiceKey<Libp2pTransport>("transport.libp2p", "libp2p.transport")

    public var descriptor: PluginDescriptor { Self.descriptor }
    let config: Libp2pConfig

    public init(config: Libp2pConfig) { self.config = config }

    public static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: Libp2pConfig.self) { Libp2pPlugin(config: $0) }
    }

    /// This node's libp2p peer id: the node key as a libp2p secp256k1 key.
    public static func peerID(of identity: NodeIdentity) -> Libp2pPeerID {
        Libp2pIdentityKey.secp256k1(identity.privateKey).peerID
    }

    public func prepare(_ context: PluginContext) async throws {
        let transport = Libp2pTransport(config: config, identity: .secp256k1(context.identity.privateKey), network: context.network,
                                        clock: context.clock, logger: context.logger)
        do {
            try await transport.bind()
        } catch {
            throw Libp2pStartError.cannotListen(host: config.host, port: config.port, reason: "\(error)")
        }
        try context.provide(Self.transportKey, transport)
        await context.network.register(transport: transport)
        context.logger.info("libp2p listening", metadata: ["multiaddr": "\(transport.listenMultiaddr)"])
    }

    /// Runs until stopped, then closes the listener and every connection.
    public func run(_ context: PluginContext) async throws {
        guard let transport = try context.lookup(Self.transportKey) else { return }
        await context.stopSignal.wait()
        await transport.stop()
    }
}
