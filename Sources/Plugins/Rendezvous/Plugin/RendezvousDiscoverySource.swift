import Foundation
import Kernel
import Synchronization

/// The discovery source the connection manager pulls from (the same seam and rules as discv5's): first the
/// rendezvous servers, as persistent records so the manager keeps them connected; then the records
/// DISCOVER answers found, handed out once each. The manager pulls only while it has free dial slots, so
/// the time of the last pull tells the client whether peers are wanted (discover) or the target is met
/// (only keep registering).
public final class RendezvousDiscoverySource: DiscoverySource, Sendable {
    public static let sourceName = "rendezvous"
    public var name: String { Self.sourceName }

    private struct State {
        var servers: [PeerAddress]
        var pending: [PeerAddress] = []
        /// Never handed out: this node and the servers.
        var excluded: Set<PeerID>
        /// When each found peer was last queued: a peer found again after `reofferAfter` is offered again, so a
        /// dial lost to a race (two nodes dialling each other at once) or a busy peer is retried on a later DISCOVER.
        var offeredAt: [PeerID: Date] = [:]
        var lastDemand: Date?
    }
    private let state: Mutex<State>
    let clock: any NodeClock

    /// `excluding`: ids never handed out (this node's own, under each transport).
    let reofferAfter: TimeInterval

    public init(servers: [PeerAddress], excluding: Set<PeerID> = [], reofferAfter: TimeInterval = 30, clock: any NodeClock) {
        state = Mutex(State(servers: servers, excluded: Set(servers.compactMap(\.peerID)).union(excluding)))
        self.reofferAfter = reofferAfter
        self.clock = clock
    }

    public func nextPeers(limit: Int) async throws -> [PeerRecord] {
        let now = clock.now()
        return state.withLock { state in
            // Servers are dialled whatever the target, like static peers.
            let servers = state.servers.map { PeerRecord(address: $0, source: Self.sourceName, persistent: true) }
            state.servers = []
            if limit > 0 { state.lastDemand = now }
            let taken = Array(state.pending.prefix(max(0, limit)))
            state.pending.removeFirst(taken.count)
            return servers + taken.map { PeerRecord(address: $0, source: Self.sourceName) }
        }
    }

    /// Queues addresses not offered within `reofferAfter`; returns how many were queued.
    @discardableResult
    public func offer(_ addresses: [PeerAddress]) -> Int {
        let now = clock.now()
        return state.withLock { state in
            var added = 0
            for address in addresses {
                guard let id = address.peerID, !state.excluded.contains(id) else { continue }
                if let last = state.offeredAt[id], now.timeIntervalSince(last) < reofferAfter { continue }
                guard !state.pending.contains(where: { $0.peerID == id }) else { continue }
                state.offeredAt[id] = now
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
