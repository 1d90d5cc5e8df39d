import Kernel

/// Which port a node announces, and which address a directory records for an announcer.
enum PexAddressing {
    /// The port of this node's listen address on `scheme` (the transport of the connection being
    /// announced on); `PexCapability.portlessDialable` for memory endpoints; 0 if not listening there.
    static func announcedPort(scheme: String, listening: [PeerAddress]) -> UInt16 {
        guard let address = listening.first(where: { $0.scheme == scheme }) else { return 0 }
        return scheme == "memory" ? PexCapability.portlessDialable : address.port
    }

    /// The announcer's entry: the connection's remote host, the announced port and the
    /// authenticated peer id. `nil` if it is not dialable or its id names no secp256k1 key (a devp2p id, or
    /// a libp2p secp256k1 peer id, whose key travels as pub64 like a devp2p one).
    static func entry(for peer: PeerSession, announce: PexAnnounce) -> PexPeerEntry? {
        guard announce.isDialable, let key = peer.peerID.secp256k1PublicKey, !peer.address.host.isEmpty else { return nil }
        return PexPeerEntry(publicKey: key.raw64, host: peer.address.host, port: announce.tcpPort)
    }
}
