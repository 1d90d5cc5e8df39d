/// Names a protocol spoken over a connection: an RLPx capability (`waku/1`) or a libp2p protocol id
/// (`/vac/waku/relay/2.0.0`, version 0).
public struct ProtocolID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let name: String
    public let version: UInt

    public init(name: String, version: UInt) {
        self.name = name
        self.version = version
    }

    public var description: String { version == 0 && name.hasPrefix("/") ? name : "\(name)/\(version)" }

    public static func < (lhs: ProtocolID, rhs: ProtocolID) -> Bool {
        (lhs.name, lhs.version) < (rhs.name, rhs.version)
    }
}

/// One protocol a node is willing to speak, with the size of its message-code space (RLPx
/// capability "length"; 0 where the transport does not multiplex codes).
public struct ProtocolOffer: Hashable, Sendable {
    public let id: ProtocolID
    public let messageCodeCount: UInt
    /// Largest message payload accepted from a peer; nil leaves it to the transport's limit.
    public let maximumMessageSize: Int?

    public init(id: ProtocolID, messageCodeCount: UInt, maximumMessageSize: Int? = nil) {
        self.id = id
        self.messageCodeCount = messageCodeCount
        self.maximumMessageSize = maximumMessageSize
    }
}

extension ProtocolOffer {
    /// The protocols two nodes share, the way devp2p negotiates capabilities (wire-facts §1.5): same name
    /// and version; where several versions of a name are shared the highest wins; sorted by name.
    public static func shared(local: [ProtocolOffer], remote: [ProtocolID]) -> [ProtocolOffer] {
        let remoteIDs = Set(remote)
        var chosen: [String: ProtocolOffer] = [:]
        for offer in local where remoteIDs.contains(offer.id) {
            if let current = chosen[offer.id.name], current.id.version >= offer.id.version { continue }
            chosen[offer.id.name] = offer
        }
        return chosen.values.sorted { $0.id.name < $1.id.name }
    }
}
