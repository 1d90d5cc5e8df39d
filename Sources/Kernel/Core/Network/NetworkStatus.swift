/// A point-in-time view of the node's network for `parley ctl status` and tests.
public struct NetworkStatus: Sendable, Codable, Equatable {
    public struct Peer: Sendable, Codable, Equatable {
        public let id: String
        public let address: String
        public let direction: ConnectionDirection
        public let transport: String
        public let protocols: [String]
        public let traffic: TrafficSnapshot
    }

    public let localPeer: String
    public let target: Int
    public let max: Int
    public let peers: [Peer]
    public let knownPeers: Int
    public let dialing: Int
    /// Traffic recorded by each discovery source (and transports that count their own bytes).
    public let sourceTraffic: [String: TrafficSnapshot]
    /// Payload traffic per protocol across all peers.
    public let protocolTraffic: [String: TrafficSnapshot]
    public let transports: [String]
    /// Where each transport can be reached (enode URLs, memory names).
    public let listenAddresses: [String]
    /// The first listening port of each transport (0 for transports without ports).
    public let listenPorts: [String: UInt16]
    public let handlers: [String]
    public let discoverySources: [String]
}
