/// The node at a glance, for `parley ctl status`: profile, identity, plugins and network.
public struct NodeStatusReport: Sendable, Codable, Equatable {
    public struct Plugin: Sendable, Codable, Equatable {
        public let key: String
        public let state: String
        public let health: String
        public let provides: [String]
        public let requires: [String]
    }

    public let profile: String?
    public let nodeID: String
    public let plugins: [Plugin]
    public let network: NetworkStatus
    public let droppedEvents: UInt64
    /// The node's release (`ParleyVersion.current`).
    public var version: String? = ParleyVersion.current
    /// Seconds since the kernel started its first profile.
    public var uptimeSeconds: Double? = nil
}
