/// Tunables of a discv5 service (the plugin fills them from the profile).
public struct Discv5ServiceConfig: Sendable {
    public var protocolID: Discv5ProtocolID = .ethereum
    public var requestTimeout: Duration = .milliseconds(500)
    /// Extra attempts after a request times out.
    public var retries = 1
    public var sessionLifetime: Duration = .seconds(24 * 3600)
    /// Most records accepted in one FINDNODE answer (the table's bucket size).
    public var maxRecordsPerResponse = 16
    /// Most NODES messages accepted for one FINDNODE (`total` above this is cut off).
    public var maxNodesMessages = 8
    public var ipLimits: IPLimits? = IPLimits()
    public init() {}
}

/// Why a request produced no answer.
public enum Discv5RequestError: Error, Equatable, Sendable, CustomStringConvertible {
    case timeout
    case noAddress
    case stopped

    public var description: String {
        switch self {
        case .timeout: "the node did not answer in time (after retries)"
        case .noAddress: "the node's record has no IPv4 'ip' and 'udp' to send to"
        case .stopped: "the discv5 service stopped"
        }
    }
}
