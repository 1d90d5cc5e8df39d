import Primitives

/// The authenticated identity of a remote node, as its transport proved it.
///
/// For devp2p this is the 64-byte `X‖Y` secp256k1 public key (the enode id); for libp2p the
/// multihash peer id bytes. Two connections with equal `PeerID`s are the same peer.
public struct PeerID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The devp2p identity of a secp256k1 public key (pub64).
    public init(publicKey: PublicKey) { self.bytes = publicKey.raw64 }

    public var hex: String { Hex.encode(bytes) }

    /// Abbreviated for logs: first 8 hex characters.
    public var description: String { String(hex.prefix(8)) }
}
