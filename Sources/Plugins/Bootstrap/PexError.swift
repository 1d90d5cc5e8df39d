import Kernel

/// What a `pex/1` peer did wrong. Most cases end the connection with a protocol-violation penalty;
/// a timeout costs a minor penalty; excess or misdirected requests are penalised and ignored.
public enum PexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A packet's payload is not the RLP shape its code requires.
    case malformed(PexPacketCode, reason: String)
    /// A code outside 0…2.
    case unknownCode(UInt64)
    /// A payload larger than `PexCapability.maxPacketBytes`.
    case oversize(code: UInt64, size: Int)
    /// The peer's first packet was not Announce.
    case firstPacketNotAnnounce(code: UInt64)
    /// No Announce arrived within the timeout.
    case announceTimedOut(seconds: Double)
    /// A GetPeers asked for 0 or more than `PexCapability.maxLimit` peers.
    case limitOutOfRange(UInt64)
    /// A Peers answer carried more entries than were asked for.
    case tooManyEntries(count: Int, limit: Int)
    /// A Peers packet arrived while no GetPeers was outstanding.
    case unsolicitedPeers
    /// Entry `index` of a Peers answer cannot be dialled (bad key, port or host).
    case badEntry(index: Int, reason: String)
    /// A GetPeers reached a node that announced `serving = false`.
    case requestToNonServingNode
    /// More requests (GetPeers, re-announces) than the per-peer rate allows.
    case rateLimited(PexPacketCode, perSecond: Double)

    public var description: String {
        switch self {
        case .malformed(let code, let reason): return "pex/1: malformed \(code) packet: \(reason)"
        case .unknownCode(let code): return "pex/1: unknown packet code \(code) (known: 0 Announce, 1 GetPeers, 2 Peers)"
        case .oversize(let code, let size):
            return "pex/1: packet with code \(code) is \(size) bytes; the limit is \(PexCapability.maxPacketBytes)"
        case .firstPacketNotAnnounce(let code): return "pex/1: the first packet has code \(code); it must be Announce (0)"
        case .announceTimedOut(let seconds): return "pex/1: no Announce from the peer within \(seconds) s"
        case .limitOutOfRange(let limit): return "pex/1: GetPeers limit \(limit) is outside 1…\(PexCapability.maxLimit)"
        case .tooManyEntries(let count, let limit): return "pex/1: Peers answer has \(count) entries but \(limit) were asked for"
        case .unsolicitedPeers: return "pex/1: Peers answer arrived but no GetPeers was outstanding"
        case .badEntry(let index, let reason): return "pex/1: Peers entry \(index) is unusable: \(reason)"
        case .requestToNonServingNode: return "pex/1: GetPeers sent to a node that announced it does not serve peers"
        case .rateLimited(let code, let rate): return "pex/1: too many \(code) packets (more than \(rate) per second); ignored"
        }
    }

    /// Whether the connection is closed (otherwise the packet is ignored and the session goes on).
    public var endsConnection: Bool {
        switch self {
        case .requestToNonServingNode, .rateLimited: return false
        default: return true
        }
    }

    /// The black mark the peer gets for it.
    public var penalty: PeerPenalty {
        switch self {
        case .announceTimedOut, .requestToNonServingNode, .rateLimited: return .minor(description)
        default: return .protocolViolation(description)
        }
    }
}

/// Why a `bootstrap` or `bootstrap-peers` plugin could not start.
public enum BootstrapSetupError: Error, Equatable, CustomStringConvertible {
    /// Another plugin already registered the `pex/1` handler on this node.
    case protocolAlreadyServed(plugin: String)

    public var description: String {
        switch self {
        case .protocolAlreadyServed(let plugin):
            return "plugin '\(plugin)' cannot start: another plugin already speaks pex/1 on this node; a profile runs "
                + "either `bootstrap` (hand out peers) or `bootstrap-peers` (ask for peers), not both"
        }
    }
}
