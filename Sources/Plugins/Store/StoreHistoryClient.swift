import Kernel
import Primitives
import WakuCore

/// Why fetching history failed.
public enum HistoryClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No connected peer could serve the request; each attempt's failure, in order.
    case noStorePeer(attempts: [String])
    /// The query is invalid (checked before asking anyone).
    case invalidQuery(HistoryQueryError)

    public var description: String {
        switch self {
        case .noStorePeer(let attempts) where attempts.isEmpty:
            return "no store peer is connected; add a full node (store plugin) to static-peers or history.store-nodes"
        case .noStorePeer(let attempts):
            return "no store peer answered the history request: " + attempts.joined(separator: "; ")
        case .invalidQuery(let error): return "\(error)"
        }
    }
}

/// The `HistoryClient` of the `history` plugin: sends the query to a store peer as a mailserver request,
/// collects the envelopes it sends on 127 (which the `waku` session also replays into the receive path)
/// until the matching completion on 125, and fails over to the next store peer on timeout or error.
///
/// Store peers: the configured `preferred` ones first (if connected), then every other connected peer
/// that is not a light node. Requests go to one peer at a time, so envelopes are attributed correctly.
public actor StoreHistoryClient: HistoryClient {
    let peers: any WakuPeerDirectory
    let events: any WakuPeerEventSource
    let nodeKey: PrivateKey
    let key: SymKey
    let pow: Double
    let timeout: Duration
    let preferred: [PeerID]
    /// The node's clock: request timestamps and the per-peer timeout.
    let clock: any NodeClock
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Pages fetched and failovers taken.
    public private(set) var pagesFetched = 0
    public private(set) var failovers = 0

    public init(peers: any WakuPeerDirectory, events: any WakuPeerEventSource, nodeKey: PrivateKey, key: SymKey, pow: Double, timeout: Duration, preferred: [PeerID],
                clock: any NodeClock) {
        self.peers = peers
        self.events = events
        self.nodeKey = nodeKey
        self.key = key
        self.pow = pow
        self.timeout = timeout
        self.preferred = preferred
        self.clock = clock
    }

    public func fetch(_ query: HistoryQuery) async throws -> HistoryPage {
        do { try query.validate() } catch { throw HistoryClientError.invalidQuery(error) }
        await acquire()
        defer { release() }
        var attempts: [String] = []
        for peer in await candidates() {
            do {
                let page = try await request(query, from: peer)
                pagesFetched += 1
                return page
            } catch {
                failovers += 1
                attempts.append("\(peer.hex.prefix(12))…: \(error)")
            }
        }
        throw HistoryClientError.noStorePeer(attempts: attempts)
    }

    /// Connected store candidates in the order they are tried.
    func candidates() async -> [PeerID] {
        let connected = await peers.connectedPeers
        var ordered = preferred.filter(connected.contains)
        for peer in connected.sorted(by: { $0.hex < $1.hex }) where !ordered.contains(peer) {
            if let link = await peers.link(to: peer), await !link.isLightNode { ordered.append(peer) }
        }
        return ordered
    }

    /// One request to one peer: trust it (so 125/127 are accepted), send, collect, await completion.
    func request(_ query: HistoryQuery, from peer: PeerID) async throws -> HistoryPage {
        guard let session = await peers.link(to: peer) else { throw HistoryAttemptError.disconnected }
        let payload = MessagesRequestPayload(query: query)
        let envelope = try MailserverRequest.envelope(for: payload, nodeKey: nodeKey, key: key, now: UInt32(clamping: Int64(clock.now().timeIntervalSince1970)), pow: pow)
        await peers.trust(peer)
        let events = await self.events.events()  // subscribed before sending, so no answer is missed
        try await session.send(code: .p2pRequest, payload: envelope.encoded())
        let id = envelope.hash
        let timeout = self.timeout, clock = self.clock
        return try await withThrowingTaskGroup(of: HistoryPage?.self) { group in
            group.addTask {
                var envelopes: [Envelope] = []
                for await event in events {
                    switch event {
                    case .envelope(let envelope, .history(let from)) where from == peer.bytes:
                        envelopes.append(envelope)
                    case .requestComplete(let bytes, let from) where from == peer:
                        guard let completion = try? RequestCompletion(bytes: bytes), completion.requestID == id else { continue }
                        switch completion {
                        case .done(_, _, let cursor): return HistoryPage(envelopes: envelopes, cursor: cursor)
                        case .failed(_, let message): throw HistoryAttemptError.refused(message)
                        }
                    case .peerLeft(let left) where left == peer:
                        throw HistoryAttemptError.disconnected
                    default: continue
                    }
                }
                return nil
            }
            group.addTask {
                try await clock.sleep(for: timeout)
                throw HistoryAttemptError.timedOut(seconds: timeout.seconds)
            }
            defer { group.cancelAll() }
            guard let page = try await group.next() ?? nil else { throw HistoryAttemptError.disconnected }
            return page
        }
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

/// Why one store peer did not deliver a page (the client then tries the next).
enum HistoryAttemptError: Error, CustomStringConvertible {
    case timedOut(seconds: Double)
    case refused(String)
    case disconnected

    var description: String {
        switch self {
        case .timedOut(let seconds): return "no completion within \(seconds) s"
        case .refused(let message): return "refused: \(message)"
        case .disconnected: return "disconnected before completing"
        }
    }
}
