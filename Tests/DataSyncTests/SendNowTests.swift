import Testing
@testable import DataSync

/// `sendNow`: a new message leaves without waiting for the epoch tick, the tick does not send it again,
/// and its retransmissions keep the schedule; ACKs stay batched for the tick.
@Suite struct SendNowTests {
    @Test func aNewMessageLeavesAtOnceAndKeepsItsSchedule() async throws {
        let alice = try endpoint(Keys.alice, DataSyncConfiguration(limits: .unlimited, clock: fixedClock))
        let id = try await alice.send(Array(text: "now"), toContact: Keys.bob.publicKey)
        let now = try await alice.sendNow(id)
        #expect(now.outgoing.count == 1)
        #expect(now.outgoing.first?.payload.messages.map(\.body) == [Array(text: "now")])
        #expect(now.outgoing.first?.payload.acks.isEmpty == true)
        #expect(try await alice.sendNow(id).outgoing.isEmpty, "sent once per epoch")
        var sent: [Int64] = []
        for _ in 0..<32 {
            let out = try await alice.tick()
            if !out.outgoing.isEmpty { sent.append(out.epoch) }
        }
        #expect(sent == [1, 3, 7, 15, 31], "the epoch-0 tick skips it; retransmissions 1, 2, 4, 8, 16 epochs apart")
    }

    @Test func sendNowOfAnUnknownIDSendsNothing() async throws {
        let alice = try endpoint(Keys.alice, DataSyncConfiguration(limits: .unlimited, clock: fixedClock))
        let other = try await endpoint(Keys.bob, DataSyncConfiguration(limits: .unlimited, clock: fixedClock))
            .send(Array(text: "elsewhere"), toContact: Keys.alice.publicKey)
        #expect(try await alice.sendNow(other).outgoing.isEmpty)
    }
}
