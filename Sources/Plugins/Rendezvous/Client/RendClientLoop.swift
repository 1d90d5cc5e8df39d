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
            let start = clock.now()
            guard await budget.reserveDiscover(now: start) else { return }
            // The exchange's bytes, read off the source's counter (a registration on another server's connection
            // landing in between is charged too: the budget errs on the side of sending less).
            let before = stats.traffic.snapshot
            let found: Result<[PeerAddress], RendClientError>
            do { found = .success(try await client.discover(topic: topic, limit: schedule.discoverLimit)) } catch { found = .failure(error) }
            let after = stats.traffic.snapshot
            await budget.charge((after.bytesIn + after.bytesOut) &- (before.bytesIn + before.bytesOut), at: start)
            source.offer(try found.get())
        }
    }
}

/// The budget shared by every server connection of one plugin instance.
actor RendBudgetBox {
    private var budget: RendBudget

    init(_ budget: RendBudget) { self.budget = budget }

    /// Takes one DISCOVER from the budget if it fits.
    func reserveDiscover(now: Date) -> Bool {
        guard budget.allowsDiscover(now: now) else { return false }
        budget.noteDiscover(now: now)
        return true
    }

    func charge(_ bytes: UInt64, at start: Date) { budget.charge(bytes, at: start) }
}
