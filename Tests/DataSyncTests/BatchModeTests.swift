import Primitives
import Testing
@testable import DataSync

@Suite("BATCH mode: MESSAGE → ACK, exactly-once delivery, ACKs for duplicates, one payload per peer per epoch")
struct BatchModeTests {
    @Test("three messages go out in one payload at the next tick, are delivered once and ACKed")
    func exchange() async throws {
        let alice = try endpoint(Keys.alice), bob = try endpoint(Keys.bob)
        let ids = [
            try await alice.send(Array(text: "one"), toContact: Keys.bob.publicKey),
            try await alice.send(Array(text: "two"), toContact: Keys.bob.publicKey),
            try await alice.send(Array(text: "three"), toContact: Keys.bob.publicKey),
        ]
        let first = try await alice.tick()
        #expect(first.epoch == 0 && first.outgoing.count == 1)
        let payload = try #require(first.outgoing.first)
        #expect(payload.peer == bob.identity && payload.payload.messages.map(\.id) == ids && payload.payload.acks.isEmpty)
        #expect(payload.payload.messages.allSatisfy { $0.groupID == .oneToOne(Keys.alice.publicKey, Keys.bob.publicKey) })
        #expect(payload.bytes == payload.payload.encoded())

        let received = try #require(try await deliver(first, from: alice, to: bob).first)
        #expect(received.delivered.map(\.body) == [Array(text: "one"), Array(text: "two"), Array(text: "three")])
        #expect(received.delivered.allSatisfy { $0.sender == alice.identity })
        #expect(try await bob.queuedAcks()[alice.identity] == ids)

        let acks = try await bob.tick()
        #expect(acks.outgoing.count == 1 && acks.outgoing[0].payload == SyncPayload(acks: ids))
        let acked = try #require(try await deliver(acks, from: bob, to: alice).first)
        #expect(acked.acknowledged == ids && acked.unknownAcks == 0)
        #expect(try await alice.pendingRecords().isEmpty)
        #expect(try await alice.tick().outgoing.isEmpty)
        #expect(try await bob.tick().outgoing.isEmpty)
    }

    @Test("a MESSAGE received again is not delivered again but is ACKed again (2/MVDS)")
    func duplicatesAreAcked() async throws {
        let alice = try endpoint(Keys.alice), bob = try endpoint(Keys.bob)
        let id = try await alice.send(Array(text: "hello"), toContact: Keys.bob.publicKey)
        let sent = try await alice.tick()
        #expect(try await deliver(sent, from: alice, to: bob).first?.delivered.count == 1)
        _ = try await bob.tick()                                   // the ACK is lost
        let again = try await deliver(sent, from: alice, to: bob)  // the same bytes arrive again
        #expect(again.first?.delivered.isEmpty == true && again.first?.duplicates == 1)
        #expect(try await bob.tick().outgoing.first?.payload.acks == [id])
    }

    @Test("status-go v0.62 receivers do not ACK duplicates; the sender tolerates it and reports the expiry")
    func v062ReceiverNeverAcksDuplicates() async throws {
        let limits = DeliveryLimits(maxAttempts: 4, maxAgeEpochs: nil)
        let alice = try endpoint(Keys.alice, DataSyncConfiguration(limits: limits, clock: fixedClock))
        let bob = try endpoint(Keys.bob, .statusGoV062(clock: fixedClock))
        let id = try await alice.send(Array(text: "hello"), toContact: Keys.bob.publicKey)
        var delivered = 0, expired: [ExpiredRecord] = [], first = true
        for _ in 0..<64 {
            let out = try await alice.tick()
            expired += out.expired
            for summary in try await deliver(out, from: alice, to: bob) { delivered += summary.delivered.count }
            let acks = try await bob.tick()
            if first, !acks.outgoing.isEmpty { first = false; continue }   // the one ACK bob ever sends is lost
            try await deliver(acks, from: bob, to: alice)
        }
        #expect(delivered == 1)
        #expect(expired == [ExpiredRecord(messageID: id, peer: bob.identity, kind: .message, reason: .attempts(4))])
        #expect(try await alice.isPending(id) == false)
    }

    @Test("an ACK for an unknown id does not abort the remaining ACKs (mvds v0.0.23 does)")
    func unknownAckDoesNotAbort() async throws {
        let alice = try endpoint(Keys.alice)
        let a = try await alice.send(Array(text: "a"), toContact: Keys.bob.publicKey)
        let b = try await alice.send(Array(text: "b"), toContact: Keys.bob.publicKey)
        _ = try await alice.tick()
        let unknown = try #require(SyncMessageID(bytes: [UInt8](repeating: 0xee, count: 32)))
        let bytes = SyncPayload(acks: [unknown, a, unknown, b]).encoded()
        guard case .sync(let summary) = try await alice.receive(bytes, from: Keys.bob.publicKey.syncPeer) else {
            Issue.record("not MVDS"); return
        }
        #expect(summary.acknowledged == [a, b] && summary.unknownAcks == 2)
        #expect(try await alice.pendingRecords().isEmpty)
    }

    @Test("an ACK from another peer does not clear this peer's record")
    func ackIsPerPeer() async throws {
        let alice = try endpoint(Keys.alice)
        let group = SyncGroupID(bytes: [UInt8](repeating: 9, count: 32))
        let id = try await alice.send(Array(text: "g"), group: group, to: [Keys.bob.publicKey.syncPeer, Keys.carol.publicKey.syncPeer])
        let out = try await alice.tick()
        #expect(Set(out.outgoing.map(\.peer)) == [Keys.bob.publicKey.syncPeer, Keys.carol.publicKey.syncPeer])
        _ = try await alice.receive(SyncPayload(acks: [id]).encoded(), from: Keys.carol.publicKey.syncPeer)
        #expect(try await alice.pendingRecords().map(\.peer) == [Keys.bob.publicKey.syncPeer])
    }

    @Test("at most one payload per peer per epoch, carrying ACKs and MESSAGEs together")
    func onePayloadPerPeer() async throws {
        let alice = try endpoint(Keys.alice), bob = try endpoint(Keys.bob)
        _ = try await alice.send(Array(text: "from alice"), toContact: Keys.bob.publicKey)
        try await deliver(try await alice.tick(), from: alice, to: bob)
        let reply = try await bob.send(Array(text: "reply"), toContact: Keys.alice.publicKey)
        _ = try await bob.send(Array(text: "reply 2"), toContact: Keys.alice.publicKey)
        let out = try await bob.tick()
        #expect(out.outgoing.count == 1)
        #expect(out.outgoing[0].payload.acks.count == 1 && out.outgoing[0].payload.messages.count == 2)
        #expect(out.outgoing[0].payload.messages.first?.id == reply)
    }

    @Test("bytes that are not MVDS come back as .notMVDS and change nothing")
    func notMVDS() async throws {
        let bob = try endpoint(Keys.bob)
        let amm = lengthDelimited(1, [UInt8](repeating: 7, count: 65)) + lengthDelimited(2, Array(text: "chat")) + tag(3, 0) + [1]
        #expect(try await bob.receive(amm, from: Keys.alice.publicKey.syncPeer) == .notMVDS)
        #expect(try await bob.tick().outgoing.isEmpty)
    }

    @Test("send without recipients is a typed error")
    func noRecipients() async throws {
        let alice = try endpoint(Keys.alice)
        await #expect(throws: DataSyncError.noRecipients) {
            try await alice.send([1], group: SyncGroupID(bytes: [1]), to: [])
        }
        #expect(DataSyncError.noRecipients.description.contains("recipient"))
    }

    @Test("a new message in a group is offered to the group's other known members (mvds onMessage)")
    func sharedWithGroup() async throws {
        let bob = try endpoint(Keys.bob)
        let group = SyncGroupID(bytes: [UInt8](repeating: 3, count: 32))
        let alicePeer = Keys.alice.publicKey.syncPeer, carolPeer = Keys.carol.publicKey.syncPeer
        _ = try await bob.send(Array(text: "bob's own"), group: group, to: [alicePeer, carolPeer])
        _ = try await bob.tick()
        let fromAlice = SyncMessage(groupID: group, timestamp: 1, body: Array(text: "alice's"))
        _ = try await bob.receive(SyncPayload(messages: [fromAlice]).encoded(), from: alicePeer)
        let out = try await bob.tick()
        let toCarol = try #require(out.outgoing.first { $0.peer == carolPeer })
        #expect(toCarol.payload.offers == [fromAlice.id])
        #expect(out.outgoing.first { $0.peer == alicePeer }?.payload.acks == [fromAlice.id])
        // Carol asks for it: Bob serves it from his store.
        _ = try await bob.receive(SyncPayload(requests: [fromAlice.id]).encoded(), from: carolPeer)
        #expect(try await bob.tick().outgoing.first { $0.peer == carolPeer }?.payload.messages == [fromAlice])
    }
}
