/// A plugin finished `prepare` and is running.
public struct PluginStarted: NodeEvent, Equatable {
    public let key: String
}

/// A plugin's `run` returned (or was cancelled) and its registrations were removed.
public struct PluginStopped: NodeEvent, Equatable {
    public let key: String
    public let error: String?
}

/// A profile was applied to a running node (including the first start).
public struct ProfileApplied: NodeEvent, Equatable {
    public let profile: String
    public let started: [String]
    public let stopped: [String]
    public let kept: [String]
    /// How long the apply took (plugins stopped and started), for the apply-duration histogram.
    public var seconds: Double = 0
}

/// A connection passed the peer checks and its protocol handlers are starting.
public struct PeerConnected: NodeEvent {
    public let peer: PeerID
    public let address: PeerAddress
    public let direction: ConnectionDirection
    public let transport: String
    public let protocols: [ProtocolID]
}

/// A connection ended.
public struct PeerDisconnected: NodeEvent {
    public let peer: PeerID
    public let reason: DisconnectReason
}

/// An inbound peer was disconnected to make room for a newcomer (see `PeerAdmission`).
public struct PeerEvicted: NodeEvent {
    public let peer: PeerID
    public let newcomer: PeerID
}

/// A peer was penalised for misbehaviour.
public struct PeerPenalized: NodeEvent {
    public let peer: PeerID
    public let penalty: PeerPenalty
    public let score: Int
}
