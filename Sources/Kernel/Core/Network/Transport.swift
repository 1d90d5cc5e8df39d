/// Moves bytes between this node and peers: dials addresses of its schemes and authenticates.
///
/// A transport plugin registers its `Transport` through `context.network.register(transport:)` in
/// `prepare`, runs its listener in `run`, and hands every authenticated inbound connection to
/// `context.network.acceptInbound(_:)`, which applies peer limits and starts protocol handlers.
/// The protocols to offer in handshakes come from `context.network.localProtocols()`.
public protocol Transport: Sendable {
    /// The plugin key of the transport (`devp2p`, `memory`, `libp2p`).
    var name: String { get }
    /// Address schemes this transport can dial (`enode`, `memory`, `multiaddr`).
    var schemes: Set<String> { get }
    /// Where other nodes can reach this one.
    func listenAddresses() async -> [PeerAddress]
    /// Dials, authenticates and negotiates protocols; the connection is returned unstarted (the
    /// connection manager starts handlers on it).
    func dial(_ address: PeerAddress, offering: [ProtocolOffer]) async throws -> any SecureConnection
}
