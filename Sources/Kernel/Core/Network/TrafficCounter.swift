import Synchronization

/// Bytes and packets in each direction, counted by one owner (a discovery source, a peer, a protocol).
public struct TrafficSnapshot: Sendable, Equatable, Codable {
    public var bytesIn: UInt64 = 0
    public var bytesOut: UInt64 = 0
    public var packetsIn: UInt64 = 0
    public var packetsOut: UInt64 = 0

    public init() {}
}

/// A thread-safe traffic counter; cheap enough to bump per packet.
public final class TrafficCounter: Sendable {
    private let state = Mutex(TrafficSnapshot())

    public init() {}

    public func recordIn(bytes: Int) {
        state.withLock { $0.bytesIn &+= UInt64(bytes); $0.packetsIn &+= 1 }
    }

    public func recordOut(bytes: Int) {
        state.withLock { $0.bytesOut &+= UInt64(bytes); $0.packetsOut &+= 1 }
    }

    public var snapshot: TrafficSnapshot { state.withLock { $0 } }
}

/// A thread-safe copy of the protocols this node offers, kept current by the connection manager.
final class OfferSnapshot: Sendable {
    private let offers = Mutex<[ProtocolOffer]>([])

    var value: [ProtocolOffer] {
        get { offers.withLock { $0 } }
        set { offers.withLock { $0 = newValue } }
    }
}
