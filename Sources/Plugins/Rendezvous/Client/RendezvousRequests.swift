import Kernel
import Primitives

/// The requests the client schedule makes on one stream to a rendezvous server, whatever the flavour
/// (`/rend/0.1.0` or `/rendezvous/1.0.0`): register this node under a topic, discover dialable peers under a
/// topic. `RendClientLoop` runs the schedule, the budget and the discovery source over it.
protocol RendezvousRequests: Sendable {
    /// Registers this node under `topic` (nothing when it has no dialable address yet).
    func register(topic: String) async throws(RendClientError)
    /// Dialable addresses of peers registered under `topic`, at most `limit` registrations.
    func discover(topic: String, limit: UInt64) async throws(RendClientError) -> [PeerAddress]
}

/// Status `/rend/0.1.0` requests: this node's ENR with a TTL in nanoseconds; found ENRs dialled by the profile's scheme.
struct RendStatusRequests: RendezvousRequests {
    let client: RendClient
    let ttlNanoseconds: UInt64
    let ownRecord: @Sendable () async -> NodeRecord?
    let address: @Sendable (NodeRecord) -> PeerAddress?

    func register(topic: String) async throws(RendClientError) {
        guard let record = await ownRecord() else { return }
        try await client.register(topic: topic, record: record, ttlNanoseconds: ttlNanoseconds)
    }

    func discover(topic: String, limit: UInt64) async throws(RendClientError) -> [PeerAddress] {
        try await client.discover(topic: topic, limit: limit).compactMap(address)
    }
}

/// Runs one request/response exchange bounded by a timeout on the node clock (both flavours' clients).
enum RendRequestTimer {
    static func run<T: Sendable>(clock: any NodeClock, timeout: Duration,
                                 _ body: @escaping @Sendable () async -> Result<T, RendClientError>) async -> Result<T, RendClientError> {
        await withTaskGroup(of: Result<T, RendClientError>?.self) { group in
            group.addTask { await body() }
            group.addTask {
                do { try await clock.sleep(for: timeout) } catch { return nil }
                return .failure(.timedOut(seconds: Double(timeout.components.seconds)))
            }
            defer { group.cancelAll() }
            while let next = await group.next() { if let next { return next } }
            return .failure(.closed)
        }
    }
}
