import Kernel

/// The `pex/1` RLPx capability: Parley's own peer exchange (see `BootstrapOverview.swift`), not a
/// Status protocol. Both the `bootstrap` and `bootstrap-peers` plugins speak it.
public enum PexCapability {
    /// `pex/1`.
    public static let id = ProtocolID(name: "pex", version: 1)
    /// Capability length: codes 0…2.
    public static let messageCodeCount: UInt = 3
    /// Largest packet payload accepted; anything bigger ends the connection.
    public static let maxPacketBytes = 64 * 1024
    /// Largest `limit` a GetPeers may ask for (and so the most entries a Peers answer may carry).
    public static let maxLimit = 64
    /// The port announced by nodes reachable on a transport without ports (`memory`): "dialable".
    public static let portlessDialable: UInt16 = 1
    /// The exclusive capability both plugins provide, so a profile holding both is rejected by
    /// `parley profile check` (`PlanError.duplicateProvider`): `pex/1` has one role per node.
    public static let exclusiveCapability = Capability("protocol.pex", exclusive: true)
    /// What both plugins provide for other plugins to depend on.
    public static let peerExchange: Capability = "peer-exchange"
}

/// Packet codes of `pex/1`, relative to the capability offset.
public enum PexPacketCode: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// `[tcpPort, serving]`: the first packet each way.
    case announce = 0
    /// `[limit]`: a request for up to `limit` peers.
    case getPeers = 1
    /// `[[pub64, host, port]…]`: the answer to GetPeers.
    case peers = 2

    public var description: String {
        switch self {
        case .announce: return "Announce"
        case .getPeers: return "GetPeers"
        case .peers: return "Peers"
        }
    }
}
