/// A plugin's handle on the node's network: register seams, hand over inbound connections, count
/// discovery traffic. Every registration is tagged with the plugin's key and removed when it stops.
public struct PluginNetwork: Sendable {
    public let owner: String
    let manager: ConnectionManager

    public init(owner: String, manager: ConnectionManager) {
        self.owner = owner
        self.manager = manager
    }

    /// The node's own identity on the network (connections to it are refused).
    public var localPeer: PeerID { manager.localPeer }

    public func register(transport: any Transport) async {
        await manager.register(transport: transport, owner: owner)
    }

    public func register(handler: any ProtocolHandler) async {
        await manager.register(handler: handler, owner: owner)
    }

    public func register(discovery: any DiscoverySource) async {
        await manager.register(discovery: discovery, owner: owner)
    }

    /// The protocols to offer in handshakes: one per registered handler.
    public func localProtocols() async -> [ProtocolOffer] {
        await manager.localProtocols()
    }

    /// The same, readable without awaiting (for handshakes built on I/O threads).
    public var currentProtocols: [ProtocolOffer] { manager.offers.value }

    /// Reports a misbehaving peer to the peer book.
    public func penalize(_ peer: PeerID, _ penalty: PeerPenalty) async {
        await manager.penalize(peer, penalty)
    }

    /// Offers an authenticated inbound connection to the connection manager. On refusal the manager
    /// has already closed it with the reason (too many peers, already connected, self, banned).
    @discardableResult
    public func acceptInbound(_ connection: any SecureConnection) async -> Bool {
        await manager.admit(connection, persistent: false)
    }

    /// The counter a discovery source (or transport) records its own traffic in, shown per source by
    /// `parley ctl status`.
    public func trafficCounter(for source: String) async -> TrafficCounter {
        await manager.trafficCounter(for: source)
    }

    /// Peers currently connected.
    public func connectedPeers() async -> [PeerID] {
        await manager.connectedPeers()
    }

    /// Where this node can be reached, one or more entries per registered transport (enode URLs,
    /// memory names): what a peer-exchange plugin announces to the peers it talks to.
    public func listenAddresses() async -> [PeerAddress] {
        await manager.listenAddresses()
    }
}
