import Testing
@testable import DataSync

@Suite("INTERACTIVE mode: OFFER → REQUEST → MESSAGE → ACK")
struct InteractiveModeTests {
    static let interactive = DataSyncConfiguration(mode: .interactive, clock: fixedClock)

    @Test("the four steps, each in its own payload and epoch")
    func exchange() async throws {
        let alice = try endpoint(Keys.alice, Self.interactive), bob = try endpoint(Keys.bob, Self.interactive)
        let id = try await alice.send(Array(text: "hello"), toContact: Keys.bob.publicKey)

        let offer = try await alice.tick()
        #expect(offer.outgoing.map(\.payload) == [SyncPayload(offers: [id])])
        #expect(try await deliver(offer, from: alice, to: bob).first?.delivered.isEmpty == true)

        let request = try await bob.tick()
        #expect(request.outgoing.map(\.payload) == [SyncPayload(requests: [id])])
        try await deliver(request, from: bob, to: alice)

        let message = try await alice.tick()
        #expect(message.outgoing.map { $0.payload.messages.map(\.id) } == [[id]])
        #expect(message.outgoing.first?.payload.offers.isEmpty == true)
        let delivered = try await deliver(message, from: alice, to: bob)
        #expect(delivered.first?.delivered.map(\.body) == [Array(text: "hello")])
        #expect(try await bob.pendingRecords().isEmpty)              // the REQUEST record is answered

        let ack = try await bob.tick()
        #expect(ack.outgoing.map(\.payload) == [SyncPayload(acks: [id])])
        #expect(try await deliver(ack, from: bob, to: alice).first?.acknowledged == [id])
        #expect(try await alice.pendingRecords().isEmpty)
    }

    @Test("a lost REQUEST is retransmitted until the MESSAGE arrives")
    func requestRetransmitted() async throws {
        let alice = try endpoint(Keys.alice, Self.interactive), bob = try endpoint(Keys.bob, Self.interactive)
        let id = try await alice.send(Array(text: "hello"), toContact: Keys.bob.publicKey)
        try await deliver(try await alice.tick(), from: alice, to: bob)
        #expect(try await bob.tick().outgoing.first?.payload.requests == [id])   // lost
        var requestsSeen = 1, delivered = false
        for _ in 0..<8 where !delivered {
            let fromBob = try await bob.tick()
            requestsSeen += fromBob.outgoing.filter { !$0.payload.requests.isEmpty }.count
            try await deliver(fromBob, from: bob, to: alice)
            delivered = try await deliver(try await alice.tick(), from: alice, to: bob).contains { !$0.delivered.isEmpty }
        }
        #expect(delivered && requestsSeen >= 2)
    }

    @Test("an OFFER for a message already held is ACKed, so the offerer stops offering")
    func offerOfKnownMessageIsAcked() async throws {
        let bob = try endpoint(Keys.bob, Self.interactive)
        let message = SyncMessage(groupID: .oneToOne(Keys.alice.publicKey, Keys.bob.publicKey), timestamp: 1, body: [1])
        _ = try await bob.receive(SyncPayload(messages: [message]).encoded(), from: Keys.alice.publicKey.syncPeer)
        _ = try await bob.tick()
        _ = try await bob.receive(SyncPayload(offers: [message.id]).encoded(), from: Keys.alice.publicKey.syncPeer)
        let out = try await bob.tick()
        #expect(out.outgoing.map(\.payload) == [SyncPayload(acks: [message.id])])
    }

    @Test("a REQUEST from a peer outside the message's group, or for an unknown id, is ignored")
    func requestChecks() async throws {
        let alice = try endpoint(Keys.alice, Self.interactive)
        let id = try await alice.send(Array(text: "for bob"), toContact: Keys.bob.publicKey)
        _ = try await alice.tick()
        let unknown = try #require(SyncMessageID(bytes: [UInt8](repeating: 1, count: 32)))
        _ = try await alice.receive(SyncPayload(requests: [id, unknown]).encoded(), from: Keys.carol.publicKey.syncPeer)
        // Only the OFFER to Bob is retransmitted; Carol gets nothing and no MESSAGE goes out.
        #expect(try await alice.tick().outgoing.map(\.payload) == [SyncPayload(offers: [id])])
    }
}
