import Foundation
import Kernel
import Synchronization

/// The discovery source the connection manager pulls from: records that matched the profile's filter,
/// handed out once each. The manager pulls only while it has free dial slots, so the time of the last
/// pull tells the plugin whether peers are wanted (look up) or the target is met (stay quiet).
public final class Discv5DiscoverySource: DiscoverySource, Sendable {
    public static let sourceName = "discv5"
    public var name: String { Self.sourceName }

    private struct State {
        var pending: [PeerAddress] = []
        var handedOut: Set<PeerID> = []
        var lastDemand: Date?
    }
    private let state = Mutex(State())
    let clock: any NodeClock

    public init(clock: any NodeClock) { self.clock = clock }

    public func nextPeers(limit: Int) async throws -> [PeerRecord] {
        let now = clock.now()
        return state.withLock { state in
            if limit > 0 { state.lastDemand = now }
            let taken = Array(state.pending.prefix(max(0, limit)))
            state.pending.removeFirst(taken.count)
            return taken.map { PeerRecord(address: $0, source: Self.sourceName) }
        }
    }

    /// Queues addresses not offered before; returns how many were new.
    @discardableResult
    public func offer(_ addresses: [PeerAddress]) -> Int {
        state.withLock { state in
            var added = 0
            for address in addresses {
                guard let id = address.peerID, !state.handedOut.contains(id) else { continue }
                state.handedOut.insert(id)
                state.pending.append(address)
                added += 1
            }
            return added
        }
    }

    /// Whether the manager asked for peers within `window` and nothing is queued for it.
    public func wantsPeers(within window: TimeInterval) -> Bool {
        let now = clock.now()
        return state.withLock { state in
            guard let last = state.lastDemand else { return false }
            return state.pending.isEmpty && now.timeIntervalSince(last) <= window
        }
    }

    public var pendingCount: Int { state.withLock { $0.pending.count } }
}
