import Primitives
import WakuCore

/// Per-second limits advertised in the rate-limit options: `[ip, peerID, topic]`, 0 = none.
public struct RateLimits: Sendable, Equatable {
    public var ip: UInt64
    public var peerID: UInt64
    public var topic: UInt64

    public init(ip: UInt64 = 0, peerID: UInt64 = 0, topic: UInt64 = 0) {
        self.ip = ip
        self.peerID = peerID
        self.topic = topic
    }

    var rlpItem: RLPItem { .list([.uint(ip), .uint(peerID), .uint(topic)]) }
}

/// The options list of a Status (code 0) or StatusUpdate (code 22) packet (wire-facts §2.2,
/// status-go `waku/v1/status_options.go`). `nil` = option absent.
///
/// Encoded as an RLP list of `[key, value]` pairs in key order; decoding accepts any order and
/// skips unknown keys, as status-go does.
public struct StatusOptions: Sendable, Equatable {
    /// Key 0: minimum PoW the peer accepts (sent as the float64 bit pattern).
    public var powRequirement: Double?
    /// Key 1: bloom filter (bloom mode).
    public var bloomFilter: Bloom?
    /// Key 2: light-node flag.
    public var lightNode: Bool?
    /// Key 3: confirmations (MessageResponse / BatchAck) enabled.
    public var confirmationsEnabled: Bool?
    /// Key 4: packet rate limits.
    public var packetRateLimits: RateLimits?
    /// Key 5: topic interest; empty = interested in nothing.
    public var topicInterest: [Topic]?
    /// Key 6: byte rate limits.
    public var bytesRateLimits: RateLimits?

    public init(powRequirement: Double? = nil, bloomFilter: Bloom? = nil, lightNode: Bool? = nil,
                confirmationsEnabled: Bool? = nil, packetRateLimits: RateLimits? = nil,
                topicInterest: [Topic]? = nil, bytesRateLimits: RateLimits? = nil) {
        self.powRequirement = powRequirement
        self.bloomFilter = bloomFilter
        self.lightNode = lightNode
        self.confirmationsEnabled = confirmationsEnabled
        self.packetRateLimits = packetRateLimits
        self.topicInterest = topicInterest
        self.bytesRateLimits = bytesRateLimits
    }

    /// Option keys (wire-facts §2.2).
    public enum Key: UInt64, Sendable, CaseIterable {
        case powRequirement = 0, bloomFilter, lightNode, confirmationsEnabled, packetRateLimits, topicInterest, bytesRateLimits
    }

    /// `true` if merging `update` would change nothing (every option it sets already has that value).
    public func contains(_ update: StatusOptions) -> Bool { merging(update) == self }

    /// These options with every option set in `update` replacing ours; a topic interest in the
    /// update drops our bloom filter and vice versa (one interest mode at a time).
    public func merging(_ update: StatusOptions) -> StatusOptions {
        var merged = self
        if let value = update.powRequirement { merged.powRequirement = value }
        if let value = update.bloomFilter { merged.bloomFilter = value; merged.topicInterest = nil }
        if let value = update.topicInterest { merged.topicInterest = value; merged.bloomFilter = nil }
        if let value = update.lightNode { merged.lightNode = value }
        if let value = update.confirmationsEnabled { merged.confirmationsEnabled = value }
        if let value = update.packetRateLimits { merged.packetRateLimits = value }
        if let value = update.bytesRateLimits { merged.bytesRateLimits = value }
        return merged
    }

    /// The RLP payload `[[key, value]…]`, keys ascending, unset options omitted.
    public func encoded() -> [UInt8] {
        var pairs: [RLPItem] = []
        func add(_ key: Key, _ value: RLPItem) { pairs.append(.list([.uint(key.rawValue), value])) }
        if let powRequirement { add(.powRequirement, .uint(powRequirement.bitPattern)) }
        if let bloomFilter { add(.bloomFilter, .bytes(bloomFilter.bytes)) }
        if let lightNode { add(.lightNode, .bool(lightNode)) }
        if let confirmationsEnabled { add(.confirmationsEnabled, .bool(confirmationsEnabled)) }
        if let packetRateLimits { add(.packetRateLimits, packetRateLimits.rlpItem) }
        if let topicInterest { add(.topicInterest, .list(topicInterest.map { .bytes($0.bytes) })) }
        if let bytesRateLimits { add(.bytesRateLimits, bytesRateLimits.rlpItem) }
        return RLP.encode(.list(pairs))
    }
}
