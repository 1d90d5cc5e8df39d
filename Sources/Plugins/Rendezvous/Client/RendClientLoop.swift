import Foundation
import Kernel
import Primitives

/// The client's schedule on a connection to a rendezvous server, for either flavour: REGISTER this node under
/// each topic every `reregisterEvery`, and — only while the connection manager wants peers and the budget
/// allows — DISCOVER each topic and offer the dialable peers to the discovery source. A request that times
/// out or a stream the server closed is replaced by a fresh stream on the same connection.
struct RendClientLoop: Sendable {
    let schedule: RendClientSchedule
    let source: RendezvousDiscoverySource
    let stats: RendStats
    let clock: any NodeClock
    let budget: RendBudgetBox
    /// The flavour's requests on a stream (`/rend/0.1.0` or `/rendezvous/1.0.0`).
    let requests: @Sendable (any ProtocolStream) -> any RendezvousRequests

    func run(first stream: any ProtocolStream, peer: PeerSession) async throws {
        var stream = stream
        while !Task.isCancelled {
            do {
                try await round(requests(stream))
            } catch {
                stats.noteDrop(error.drop)
                switch error {
                case .malformedResponse, .unexpectedResponse, .tooManyRecords:
                    await peer.penalize(.protocolViolation("rendezvous server: \(error)"))
                    await stream.close()
                    return
                case .timedOut, .closed:
                    await peer.penalize(.minor("rendezvous server: \(error)"))
                    await stream.close()
                    stream = try await peer.connection.openStream(stream.protocolID)
                case .refused, .refusedByPoint:
                    break   // counted; try again next period
                }
            }
            try await clock.sleep(for: schedule.reregisterEvery)
        }
    }

    /// One period: register under every topic, then discover if peers are wanted.
    func round(_ client: any RendezvousRequests) async throws(RendClientError) {
        if schedule.register {
            for topic in schedule.topics { try await client.register(topic: topic) }
        }
        let window = 3 * Double(schedule.reregisterEvery.components.seconds) + 1
        guard source.wantsPeers(within: window) else { return }
        for topic in schedule.topics {
            guard await budget.allowsDiscover(now: clock.now(), totalBytes: stats.traffic.snapshot) else { return }
            source.offer(try await client.discover(topic: topic, limit: schedule.discoverLimit))
        }
    }
}

/// The budget shared by every server connection of one plugin instance.
actor RendBudgetBox {
    private var budget: RendBudget

    init(_ budget: RendBudget) { self.budget = budget }

    func allowsDiscover(now: Date, totalBytes snapshot: TrafficSnapshot) -> Bool {
        guard budget.allowsDiscover(now: now, totalBytes: snapshot.bytesIn + snapshot.bytesOut) else { return false }
        budget.noteDiscover(now: now)
        return true
    }
}
