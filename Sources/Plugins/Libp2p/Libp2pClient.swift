import Kernel
import Libp2pCore

/// A libp2p dialer without a node: connects to a multiaddr, then pings and identifies the peer. Backs
/// `parley ping`, the `libp2p` bench group and tests that drive a peer directly.
public struct Libp2pClient: Sendable {
    let transport: Libp2pTransport
    let clock: any NodeClock

    public init(identity: Libp2pIdentityKey, clock: any NodeClock = SystemClock(), handshakeTimeoutSeconds: Double = 10,
                muxers: [String] = [MuxerName.yamux]) {
        var config = Libp2pConfig()
        config.handshakeTimeoutSeconds = handshakeTimeoutSeconds
        config.muxers = muxers
        transport = Libp2pTransport(config: config, identity: identity, network: nil, clock: clock,
                                    logger: .init(label: "parley.libp2p.client"))
        self.clock = clock
    }

    /// Dials `address` (`/ip4|ip6|dns*/…/tcp/…[/p2p/…]`): TCP, Noise, muxer.
    public func connect(_ address: Multiaddr) async throws -> Libp2pClientConnection {
        guard let endpoint = address.tcpEndpoint else {
            throw NetworkError.dialFailed("\(address) has no /ip4|ip6|dns…/tcp/ prefix to dial")
        }
        let peer = PeerAddress(scheme: "multiaddr", peerID: address.peerID.map { PeerID($0.bytes) }, host: endpoint.host, port: endpoint.port)
        let connection = try await transport.dial(peer, offering: []) as! Libp2pConnection
        return Libp2pClientConnection(connection: connection, clock: clock)
    }

    /// Closes every connection this client made.
    public func shutdown() async { await transport.stop() }
}

/// One connection made by `Libp2pClient`.
public struct Libp2pClientConnection: Sendable {
    let connection: Libp2pConnection
    let clock: any NodeClock

    public var remotePeer: Libp2pPeerID { connection.libp2pPeer }
    public var muxer: String { connection.muxerName }

    /// One `/ipfs/ping/1.0.0` round trip.
    public func ping() async throws -> Duration { try await connection.ping(clock: clock) }

    /// The peer's `/ipfs/id/1.0.0` record (its key checked against the Noise-proven peer id).
    public func identify() async throws -> IdentifyMessage { try await connection.identify() }

    /// Opens a stream for `protocolID` (a libp2p path such as `/ipfs/ping/1.0.0`, or a Parley protocol).
    public func openStream(_ protocolID: ProtocolID) async throws -> any ProtocolStream { try await connection.openStream(protocolID) }

    public func close() async { await connection.close(.requested) }
}
