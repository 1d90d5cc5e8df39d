import Kernel

/// The `/rend/0.1.0` stream protocol as a kernel handler. Only the dialling side opens streams on libp2p,
/// so a stream on a connection this node dialled is a client stream (if this node has servers configured),
/// and a stream on an inbound connection is served (if this node is a rendezvous point). A client of the other
/// flavour parks its stream to a server (`RendStreamParking`). Any other stream is closed.
struct RendHandler: ProtocolHandler {
    static let protocolID = ProtocolID(name: "/rend/0.1.0", version: 0)
    var protocolID: ProtocolID { Self.protocolID }
    var messageCodeCount: UInt { 5 }
    var maximumMessageSize: Int? { RendCodec.maximumBody }
    let server: RendServerSession?
    let client: RendClientLoop?
    /// Peer ids of the configured servers: only those get a client stream.
    let servers: Set<PeerID>

    func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
        if peer.direction == .inbound, let server {
            try await server.serve(stream, peer: peer)
        } else if peer.direction == .outbound, servers.contains(peer.peerID) {
            if let client { try await client.run(first: stream, peer: peer) } else { await RendStreamParking.park() }
        } else {
            await stream.close()
        }
    }
}
