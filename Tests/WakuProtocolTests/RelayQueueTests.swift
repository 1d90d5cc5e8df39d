import Foundation
import Kernel
import Testing
import TestKit
import WakuCore
@testable import WakuProtocol

/// The relay offers each copy to the peer's bounded queue and never waits for a peer: a peer whose
/// queue is full costs a counted drop, not the others' time (issue 16 item 2).
@Suite struct RelayQueueTests {
    /// A link that records what was offered, or refuses everything (`full`); `send` never returns, so
    /// a relay that waited on a peer would hang here.
    actor QueueLink: WakuPeerLink {
        nonisolated let peerID: PeerID
        let full: Bool
        private(set) var offered: [Envelope] = []
        init(_ byte: UInt8, full: Bool) {
            peerID = PeerID([UInt8](repeating: byte, count: 64))
            self.full = full
        }
        var isLightNode: Bool { false }
        func send(envelopes: [Envelope]) async throws -> [UInt8] {
            try await Task.sleep(for: .seconds(3600))
            return []
        }
        func offer(envelopes: [Envelope]) async throws -> Bool {
            if full { return false }
            offered += envelopes
            return true
        }
        func send(code: WakuPacketCode, payload: [UInt8]) async throws {}
    }

    struct Directory: WakuPeerDirectory {
        let all: [QueueLink]
        var connectedPeers: [PeerID] { all.map(\.peerID) }
        func link(to peer: PeerID) async -> (any WakuPeerLink)? { all.first { $0.peerID == peer } }
        func links(interestedIn envelope: Envelope, excluding: PeerID?) async -> [any WakuPeerLink] { all.filter { $0.peerID != excluding } }
        func trust(_ peer: PeerID, _ isTrusted: Bool) async {}
    }

    @Test(.timeLimit(.minutes(1))) func aFullPeerQueueIsADroppedCopyAndTheOthersAreServed() async throws {
        let slow = QueueLink(1, full: true), fast = QueueLink(2, full: false), origin = QueueLink(3, full: false)
        let relay = Relay(peers: Directory(all: [slow, fast, origin]), seen: SeenEnvelopes(), clock: ManualClock(start: Date()))
        let (envelope, _) = try sealedEnvelope("through a relay with one slow peer", topic: Topic(0x0102_0304))
        let outcome = await relay.handle(envelope, origin: .relay(peer: origin.peerID.bytes))
        #expect(outcome == .flooded(1, droppedForSlowPeers: 1))
        #expect(await fast.offered == [envelope])
        #expect(await origin.offered.isEmpty)
        let stats = RelayStats()
        await stats.record(outcome)
        #expect(await stats.copiesSent == 1)
        #expect(await stats.copiesDroppedForSlowPeers == 1)
    }
}
