import Kernel

/// Settings of the `memory` transport.
public struct MemoryTransportConfig: Decodable, Sendable, Equatable {
    /// The endpoint name others dial as `memory://<name>`; defaults to the node id's first 16 hex digits.
    public var name: String?

    public init(name: String? = nil) { self.name = name }

    enum CodingKeys: String, CodingKey { case name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
    }
}

/// The `memory` transport plugin: listens on a switchboard name and dials `memory://` addresses.
public struct MemoryTransportPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: "memory", summary: "in-process transport for tests and simulations (memory://name)",
        provides: [.transport, "transport.memory"])
    /// Inbound connections, handed from `prepare` to `run`.
    static let inboundKey = ServiceKey<AsyncMessageQueue<MemoryConnection>>("transport.memory", "memory.inbound")

    public var descriptor: PluginDescriptor { Self.descriptor }
    let config: MemoryTransportConfig
    let switchboard: MemorySwitchboard

    public init(config: MemoryTransportConfig, switchboard: MemorySwitchboard = .shared) {
        self.config = config
        self.switchboard = switchboard
    }

    public static func factory(switchboard: MemorySwitchboard = .shared) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: MemoryTransportConfig.self) {
            MemoryTransportPlugin(config: $0, switchboard: switchboard)
        }
    }

    func endpointName(_ context: PluginContext) -> String {
        config.name ?? String(context.identity.peerID.hex.prefix(16))
    }

    public func prepare(_ context: PluginContext) async throws {
        let name = endpointName(context)
        let inbound = AsyncMessageQueue<MemoryConnection>()
        let network = context.network
        try switchboard.bind(name, endpoint: .init(peer: context.identity.peerID,
                                                   offers: { await network.localProtocols() }, inbound: inbound))
        try context.provide(Self.inboundKey, inbound)
        await network.register(transport: MemoryTransport(
            localName: name, localPeer: context.identity.peerID, switchboard: switchboard, network: network))
        context.logger.info("memory transport listening", metadata: ["address": "memory://\(name)"])
    }

    /// Hands every inbound connection to the connection manager until stopped; then unbinds the
    /// name so a restarted node can take it again at once.
    public func run(_ context: PluginContext) async throws {
        let name = endpointName(context)
        defer { switchboard.unbind(name) }
        guard let inbound = try context.lookup(Self.inboundKey) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await context.stopSignal.wait()
                inbound.finish()
            }
            while let connection = await inbound.next() {
                await context.network.acceptInbound(connection)
            }
            group.cancelAll()
        }
    }
}

/// Dials other memory endpoints on the same switchboard.
struct MemoryTransport: Transport {
    let localName: String
    let localPeer: PeerID
    let switchboard: MemorySwitchboard
    let network: PluginNetwork

    var name: String { "memory" }
    var schemes: Set<String> { ["memory"] }

    func listenAddresses() async -> [PeerAddress] {
        [PeerAddress(scheme: "memory", peerID: localPeer, host: localName, port: 0)]
    }

    func dial(_ address: PeerAddress, offering: [ProtocolOffer]) async throws -> any SecureConnection {
        guard let endpoint = switchboard.endpoint(address.host) else {
            throw MemoryTransportError.noSuchEndpoint(address.host)
        }
        await switchboard.links?.connect(from: localName, to: address.host)
        let protocols = ProtocolOffer.shared(local: offering, remote: await endpoint.offers().map(\.id)).map(\.id)
        let local = PeerAddress(scheme: "memory", peerID: localPeer, host: localName, port: 0)
        let remote = PeerAddress(scheme: "memory", peerID: endpoint.peer, host: address.host, port: 0)
        let (outbound, inbound) = MemoryConnection.pair(dialer: localPeer, dialerAddress: local,
                                                        listener: endpoint.peer, listenerAddress: remote,
                                                        protocols: protocols)
        outbound.links = switchboard.links
        inbound.links = switchboard.links
        guard endpoint.inbound.push(inbound) else { throw MemoryTransportError.refusedByListener(address.host) }
        outbound.activate()
        inbound.activate()
        return outbound
    }
}
