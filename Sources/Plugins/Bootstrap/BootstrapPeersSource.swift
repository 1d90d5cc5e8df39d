import Foundation
import Kernel
import Synchronization

/// The `bootstrap-peers` discovery source: addresses learnt from serving peers, handed to the
/// connection manager once each (deduplicated by peer id, never this node). A peer returned before
/// is offered again only if a bootstrap node names it after `reofferAfter` (it may have dropped).
public final class BootstrapPeersSource: DiscoverySource, Sendable {
    public static let sourceName = "bootstrap-peers"
    public var name: String { Self.sourceName }

    private struct State {
        var pending: [PeerAddress] = []
        var pendingIDs: Set<PeerID> = []
        var returned: [PeerID: Date] = [:]
        /// Serving peers and how many pex sessions each has (a replaced connection overlaps its successor).
        var servers: [PeerID: Int] = [:]
        var learnt = 0
    }
    private let state = Mutex(State())
    let localPeer: PeerID
    let clock: any NodeClock
    let reofferAfter: Duration
    /// Most addresses remembered (pending plus returned); more are dropped, bounding what a
    /// hostile bootstrap node can make this node hold.
    let capacity: Int

    public init(localPeer: PeerID, clock: any NodeClock, reofferAfter: Duration = .seconds(300), capacity: Int = 4096) {
        self.localPeer = localPeer
        self.clock = clock
        self.reofferAfter = reofferAfter
        self.capacity = capacity
    }

    /// Queues addresses a serving peer named; returns how many were new.
    @discardableResult
    public func learn(_ addresses: [PeerAddress]) -> Int {
        let now = clock.now()
        return state.withLock { state in
            var added = 0
            for address in addresses {
                guard let id = address.peerID, id != localPeer, id.secp256k1PublicKey?.raw64 != localPeer.bytes,
                      !state.pendingIDs.contains(id) else { continue }
                if let when = state.returned[id], now.timeIntervalSince(when) < reofferAfter.seconds { continue }
                if state.returned[id] == nil && state.pending.count + state.returned.count >= capacity {
                    Self.forgetOldest(&state)
                    guard state.pending.count + state.returned.count < capacity else { continue }
                }
                state.pending.append(address)
                state.pendingIDs.insert(id)
                added += 1
            }
            state.learnt += added
            return added
        }
    }

    public func nextPeers(limit: Int) async throws -> [PeerRecord] {
        let now = clock.now()
        return state.withLock { state in
            let taken = Array(state.pending.prefix(max(0, limit)))
            state.pending.removeFirst(taken.count)
            for address in taken {
                guard let id = address.peerID else { continue }
                state.pendingIDs.remove(id)
                state.returned[id] = now
            }
            return taken.map { PeerRecord(address: $0, source: Self.sourceName) }
        }
    }

    /// Addresses learnt but not yet handed out.
    public var pendingCount: Int { state.withLock { $0.pending.count } }
    /// Distinct addresses learnt so far (re-offers included).
    public var learntCount: Int { state.withLock { $0.learnt } }
    /// Connected peers that announced `serving = true`.
    public var servers: [PeerID] { state.withLock { Array($0.servers.keys) } }

    /// One pex session with `peer` started (`true`) or stopped (`false`) treating it as serving.
    func setServing(_ peer: PeerID, _ serving: Bool) {
        state.withLock { state in
            let sessions = (state.servers[peer] ?? 0) + (serving ? 1 : -1)
            state.servers[peer] = sessions > 0 ? sessions : nil
        }
    }

    /// Makes room by forgetting the longest-returned peer (it may be offered again later).
    private static func forgetOldest(_ state: inout State) {
        guard let oldest = state.returned.min(by: { $0.value < $1.value })?.key else { return }
        state.returned[oldest] = nil
    }
}
