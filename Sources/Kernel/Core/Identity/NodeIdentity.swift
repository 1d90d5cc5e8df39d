import Primitives

/// This node's long-lived secp256k1 key: its devp2p identity (enode id), its ENR signer.
///
/// Created on first run and stored in the data directory by `NodeIdentityStore`; the same key
/// across restarts keeps the node's address stable for its peers.
public struct NodeIdentity: Sendable {
    public let privateKey: PrivateKey

    public init(privateKey: PrivateKey) { self.privateKey = privateKey }

    public var publicKey: PublicKey { privateKey.publicKey }
    public var peerID: PeerID { PeerID(publicKey: publicKey) }

    /// `enode://<pub64>@host:port`, the address other devp2p nodes dial.
    public func enode(host: String, port: UInt16) -> String {
        "enode://\(Hex.encode(publicKey.raw64))@\(host):\(port)"
    }
}
