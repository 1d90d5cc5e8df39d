/// A topic publish/subscribe router (gossipsub over libp2p) as other plugins see it. It exists so a
/// plugin that carries application messages (the Waku `relay` in gossipsub mode) can use the mesh
/// without importing the plugin that runs it: the `gossipsub` plugin provides `.pubsub`.
public protocol PubsubRouter: Sendable {
    /// Joins `topic` (announces it, builds a mesh) and returns the messages other peers publish on it,
    /// each after `policy` accepted it. One subscriber per topic: joining again replaces the previous one.
    func join(_ topic: String, policy: any PubsubTopicPolicy) async -> AsyncStream<PubsubDelivery>
    /// Leaves `topic` (PRUNEs the mesh, announces the unsubscription) and ends its stream.
    func leave(_ topic: String) async
    /// Publishes `data` on `topic`; returns how many peers it was queued for.
    @discardableResult
    func publish(_ topic: String, data: [UInt8]) async -> Int
}

/// How a topic's messages are identified and judged: message ids (for Waku the envelope hash) and
/// validation (accept, reject = the sender is penalised, ignore = dropped without penalty).
public protocol PubsubTopicPolicy: Sendable {
    func messageID(of data: [UInt8]) -> [UInt8]
    func validate(_ data: [UInt8]) async -> PubsubValidation
    /// Which author fields messages may carry (StrictNoSign unless a topic says otherwise).
    var signaturePolicy: PubsubSignaturePolicy { get }
}

extension PubsubTopicPolicy {
    public var signaturePolicy: PubsubSignaturePolicy { .strictNoSign }
}

/// The gossipsub signature policies Parley speaks. Own messages are never signed; StrictSign is not supported.
public enum PubsubSignaturePolicy: Sendable, Equatable {
    /// No `from`, `seqno`, `signature` or `key`: a message carrying one is invalid (Waku's policy).
    case strictNoSign
    /// Author fields are accepted and not verified (for peers that always set from/seqno).
    case laxNoSign
}

/// The outcome of validating one pubsub message.
public enum PubsubValidation: Sendable, Equatable {
    case accept
    /// Invalid: not forwarded and the peer that sent it loses score (gossipsub v1.1 P4).
    case reject(String)
    /// Not forwarded, not penalised (e.g. an expired envelope).
    case ignore
}

/// A message received on a joined topic.
public struct PubsubDelivery: Sendable {
    public let topic: String
    public let data: [UInt8]
    public let messageID: [UInt8]
    /// The peer that forwarded it to this node.
    public let propagationSource: PeerID

    public init(topic: String, data: [UInt8], messageID: [UInt8], propagationSource: PeerID) {
        self.topic = topic
        self.data = data
        self.messageID = messageID
        self.propagationSource = propagationSource
    }
}

extension Capability {
    /// Topic publish/subscribe over a peer mesh (the `gossipsub` plugin).
    public static let pubsub = Capability("pubsub", exclusive: true)
}

extension ServiceKey where T == any PubsubRouter {
    /// The node's pubsub router.
    public static var pubsub: ServiceKey<any PubsubRouter> { ServiceKey(.pubsub, "pubsub.router") }
}
