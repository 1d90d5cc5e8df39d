import Libp2pCore

/// libp2p `/rendezvous/1.0.0` (libp2p/specs rendezvous/README.md): one protobuf `Message` per
/// varint-length-prefixed frame. Field numbers as in the spec's proto (and py-libp2p 0.8.1's copy):
/// `Message{type=1, register=2, registerResponse=3, unregister=4, discover=5, discoverResponse=6}`.
public enum RendezvousV1Message: Sendable, Equatable {
    case register(RendezvousV1Registration)
    case registerResponse(status: RendezvousV1Status, text: String, ttl: UInt64)
    case unregister(namespace: String, peerID: [UInt8])
    case discover(namespace: String, limit: UInt64, cookie: [UInt8])
    case discoverResponse(registrations: [RendezvousV1Registration], cookie: [UInt8], status: RendezvousV1Status, text: String)

    public static let protocolID = "/rendezvous/1.0.0"
    /// Default and longest TTL (spec: 2 h default, 72 h maximum).
    public static let defaultTTL: UInt64 = 2 * 3600
    public static let maximumTTL: UInt64 = 72 * 3600
    public static let maximumNamespace = 255
    public static let maximumMessage = 64 * 1024
}

/// `Message.MessageType`.
public enum RendezvousV1Type: UInt64, Sendable {
    case register = 0, registerResponse = 1, unregister = 2, discover = 3, discoverResponse = 4
}

/// `Message.ResponseStatus`; `description` is the spec's name (`E_INVALID_SIGNED_PEER_RECORD`, …).
public enum RendezvousV1Status: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0
    case invalidNamespace = 100
    /// py-libp2p 0.8.1 calls it E_INVALID_PEER_INFO.
    case invalidSignedPeerRecord = 101
    case invalidTTL = 102
    case invalidCookie = 103
    case notAuthorized = 200
    case internalError = 300
    case unavailable = 400

    public var description: String {
        switch self {
        case .ok: return "OK"
        case .invalidNamespace: return "E_INVALID_NAMESPACE"
        case .invalidSignedPeerRecord: return "E_INVALID_SIGNED_PEER_RECORD"
        case .invalidTTL: return "E_INVALID_TTL"
        case .invalidCookie: return "E_INVALID_COOKIE"
        case .notAuthorized: return "E_NOT_AUTHORIZED"
        case .internalError: return "E_INTERNAL_ERROR"
        case .unavailable: return "E_UNAVAILABLE"
        }
    }
}

/// A registration: namespace, the peer (as the spec's signed peer record, or as py-libp2p 0.8.1's
/// `PeerInfo{id, addrs}` — both ride field 2), and a TTL in seconds (0: the server's default).
public struct RendezvousV1Registration: Sendable, Equatable {
    public enum Peer: Sendable, Equatable {
        /// py-libp2p 0.8.1: `PeerInfo{1: id bytes, 2: repeated addr bytes}` (unsigned).
        case info(id: [UInt8], addresses: [[UInt8]])
        /// The spec: a signed envelope (libp2p/specs RFC 0002) carrying a peer record, kept as bytes.
        case signedRecord([UInt8])
    }

    public var namespace: String
    public var peer: Peer
    public var ttl: UInt64

    public init(namespace: String, peer: Peer, ttl: UInt64) {
        self.namespace = namespace
        self.peer = peer
        self.ttl = ttl
    }
}

/// Why bytes are not a `/rendezvous/1.0.0` message.
public enum RendezvousV1Error: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self { case .malformed(let why): return "malformed /rendezvous/1.0.0 message: \(why)" }
    }
}
