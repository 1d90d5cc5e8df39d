/// Why bytes or text from a peer or a profile are not a valid libp2p identity or address.
public enum Libp2pCodecError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformedProtobuf(String)
    case unsupportedKeyType(UInt64)
    case invalidKey(String)
    case malformedMultihash(String)
    case unsupportedMultihash(code: UInt64)
    case digestMismatch
    case malformedPeerID(String)
    case malformedMultiaddr(String)
    case unknownMultiaddrProtocol(String)

    public var description: String {
        switch self {
        case .malformedProtobuf(let why): return "malformed protobuf: \(why)"
        case .unsupportedKeyType(let type):
            return "libp2p key type \(type) is not supported; Parley accepts Ed25519 (1) and Secp256k1 (2)"
        case .invalidKey(let why): return "invalid libp2p key: \(why)"
        case .malformedMultihash(let why): return "malformed multihash: \(why)"
        case .unsupportedMultihash(let code):
            return "multihash code 0x\(String(code, radix: 16)) is not identity (0x00) or sha2-256 (0x12)"
        case .digestMismatch: return "the multihash digest length does not match its declared length"
        case .malformedPeerID(let why): return "not a libp2p peer id: \(why)"
        case .malformedMultiaddr(let why): return "malformed multiaddr: \(why)"
        case .unknownMultiaddrProtocol(let name):
            return "multiaddr protocol '\(name)' is not supported (ip4, ip6, tcp, udp, dns, dns4, dns6, p2p, ethv4)"
        }
    }
}
