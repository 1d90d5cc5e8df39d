import Foundation

/// How many peers a node wants and tolerates, and how the slots are shared (the `node.peers` profile
/// section). Exists so one attacker cannot take every slot: inbound peers get at most
/// `max − reserved-outbound` slots and at most `max-per-ip` / `max-per-subnet` from one network.
public struct PeerLimits: Decodable, Sendable, Equatable {
    /// Dial until this many outbound peers (this node's dials and its static peers) are connected;
    /// discovery is not pulled beyond it. Inbound peers do not count toward it (they fill up to `max`).
    public var target: Int = 8
    /// Refuse inbound connections beyond this many (static peers excepted).
    public var max: Int = 16
    /// Slots inbound peers may not take, so dials always have room; `nil` means `max / 4`. Range 0…max.
    public var reservedOutbound: Int?
    /// Inbound peers from one IP (range 1…max); `nil` means min(4, max). Loopback is exempt while `exemptLoopback`.
    public var maxPerIP: Int?
    /// Inbound peers from one /24 (IPv4) or /64 (IPv6), range max-per-ip…max; `nil` means min(8, max).
    public var maxPerSubnet: Int?
    /// Loopback peers are not counted per IP/subnet (every local peer shares 127.0.0.1).
    public var exemptLoopback: Bool = true

    public init(target: Int = 8, max: Int = 16, reservedOutbound: Int? = nil, maxPerIP: Int? = nil,
                maxPerSubnet: Int? = nil, exemptLoopback: Bool = true) {
        self.target = target
        self.max = max
        self.reservedOutbound = reservedOutbound
        self.maxPerIP = maxPerIP
        self.maxPerSubnet = maxPerSubnet
        self.exemptLoopback = exemptLoopback
    }

    /// The most peers either number may name.
    public static let ceiling = 10_000

    /// The effective per-IP limit.
    public var ipLimit: Int { maxPerIP ?? Swift.min(4, max) }
    /// The effective per-subnet limit.
    public var subnetLimit: Int { maxPerSubnet ?? Swift.min(Swift.max(8, ipLimit), max) }

    /// Slots inbound (non-persistent) peers may hold.
    public var inboundMax: Int { Swift.max(0, max - (reservedOutbound ?? max / 4)) }

    enum CodingKeys: String, CodingKey { case target, max, reservedOutbound, maxPerIP = "maxPerIp", maxPerSubnet, exemptLoopback }

    /// When only one of target and max is written, the other default adapts to it (`max: 4` alone means a
    /// target of 4, not an error about the default target of 8).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let target = try c.decodeIfPresent(Int.self, forKey: .target, in: 0...Self.ceiling)
        let max = try c.decodeIfPresent(Int.self, forKey: .max, in: 1...Self.ceiling)
        self.max = max ?? Swift.max(16, target ?? 0)
        self.target = target ?? Swift.min(8, self.max)
        reservedOutbound = try c.decodeIfPresent(Int.self, forKey: .reservedOutbound)
        maxPerIP = try c.decodeIfPresent(Int.self, forKey: .maxPerIP)
        maxPerSubnet = try c.decodeIfPresent(Int.self, forKey: .maxPerSubnet)
        exemptLoopback = try c.decodeIfPresent(Bool.self, forKey: .exemptLoopback) ?? true
        if self.max < 1 {
            throw DecodingError.dataCorruptedError(forKey: .max, in: c,
                debugDescription: "expected max ≥ 1, got \(self.max); a node needs room for at least one peer")
        }
        if self.target < 0 {
            throw DecodingError.dataCorruptedError(forKey: .target, in: c,
                debugDescription: "expected target ≥ 0, got \(self.target)")
        }
        if self.target > self.max {
            throw DecodingError.dataCorruptedError(forKey: .target, in: c,
                debugDescription: "target \(self.target) is larger than max \(self.max); raise max or lower target")
        }
        if let reserved = reservedOutbound, !(0...self.max).contains(reserved) {
            throw DecodingError.dataCorruptedError(forKey: .reservedOutbound, in: c,
                debugDescription: "expected reserved-outbound in 0…\(self.max) (max), got \(reserved)")
        }
        if !(1...self.max).contains(ipLimit) {
            throw DecodingError.dataCorruptedError(forKey: .maxPerIP, in: c,
                debugDescription: "expected max-per-ip in 1…\(self.max) (max), got \(ipLimit)")
        }
        if !(ipLimit...self.max).contains(subnetLimit) {
            throw DecodingError.dataCorruptedError(forKey: .maxPerSubnet, in: c,
                debugDescription: "expected max-per-subnet in \(ipLimit)…\(self.max) (max-per-ip…max), got \(subnetLimit)")
        }
    }
}
