import WakuCore

/// What a peer advertised in its Status and later StatusUpdates, with status-go's defaults
/// (`WithDefaults`: PoW 0.001, full bloom, not light, no confirmations, no rate limits).
public struct RemoteWakuState: Sendable, Equatable {
    public var powRequirement: Double = WakuConstants.defaultPeerPoW
    /// Topic interest when the peer sent one, else its bloom filter.
    public var interest: TopicInterest = .everything
    public var lightNode = false
    public var confirmationsEnabled = false
    public var packetRateLimits = RateLimits()
    public var bytesRateLimits = RateLimits()

    public init() {}

    /// The state after the handshake Status.
    public init(status: StatusOptions) {
        self.init()
        apply(status)
    }

    /// Applies the options present in a Status or StatusUpdate; topic interest wins over bloom.
    public mutating func apply(_ options: StatusOptions) {
        if let pow = options.powRequirement { powRequirement = pow }
        if let bloom = options.bloomFilter { interest = .bloom(bloom) }
        if let topics = options.topicInterest { interest = .topics(Set(topics)) }
        if let light = options.lightNode { lightNode = light }
        if let confirmations = options.confirmationsEnabled { confirmationsEnabled = confirmations }
        if let limits = options.packetRateLimits { packetRateLimits = limits }
        if let limits = options.bytesRateLimits { bytesRateLimits = limits }
    }

    /// `true` if the peer wants `envelope`: its topic matches and its PoW meets the requirement.
    public func wants(_ envelope: Envelope) -> Bool {
        interest.matches(envelope.topic) && envelope.proofOfWork() >= powRequirement
    }
}
