/// How a group's nodes find peers. Each strategy is implemented by plugins; a strategy is usable
/// when the plugins it needs are in this build's catalog.
public enum DiscoveryStrategy: String, CaseIterable, Sendable {
    /// A fixed list of peers (`static-peers`).
    case `static`
    /// Entry points that hand out the peers they know over `pex/1` (`static-peers` + `bootstrap-peers`).
    case pex
    /// Discovery v5 (the `discv5` plugin).
    case discv5
    /// Rendezvous (the `rendezvous` plugin).
    case rendezvous

    /// The plugin keys a node needs for this strategy.
    public var plugins: [String] {
        switch self {
        case .static: return ["static-peers"]
        case .pex: return ["static-peers", "bootstrap-peers"]
        case .discv5: return ["discv5"]
        case .rendezvous: return ["rendezvous"]
        }
    }
}

/// How relaying nodes pass envelopes on. Like discovery, a mode needs its plugin in the catalog.
public enum RelayMode: String, CaseIterable, Sendable {
    /// Waku v1 flooding to every interested peer (the `relay` plugin).
    case flooding
    /// libp2p gossipsub (the `gossipsub` plugin).
    case gossipsub
    /// The node does not relay.
    case none

    public var plugins: [String] {
        switch self {
        case .flooding: return ["relay"]
        case .gossipsub: return ["gossipsub"]
        case .none: return []
        }
    }
}
