import Testing
@testable import DataSync

@Suite("Retransmission: status-go v0.62 schedule, Parley's capped backoff, fast retransmission, expiry")
struct RetransmissionTests {
    /// The epochs in which `node` sent something over `epochs` ticks, with every payload lost.
    static func sendEpochs(_ configuration: DataSyncConfiguration, epochs: Int) async throws -> [Int64] {
        let alice = try endpoint(Keys.alice, configuration)
        _ = try await alice.send(Array(text: "lost"), toContact: Keys.bob.publicKey)
        var sent: [Int64] = []
        for _ in 0..<epochs {
            let out = try await alice.tick()
            if !out.outgoing.isEmpty { sent.append(out.epoch) }
        }
        return sent
    }

    @Test("statusGoV062: due at epoch + 1, then SendEpoch += epoch + 2·count → 1, 4, 12, 30, 68, 146")
    func statusGoSchedule() async throws {
        let sent = try await Self.sendEpochs(.statusGoV062(clock: fixedClock), epochs: 200)
        #expect(sent == [1, 4, 12, 30, 68, 146])
        // The cumulative formula by hand: after the send at 146 (the 6th), 146 + 146 + 12 = 304.
        #expect(RetransmissionSchedule.statusGoV062.nextSendEpoch(previous: 146, count: 6, epoch: 146) == 304)
    }

    @Test("statusGoV062 on a node that has run for an hour: the first retransmission waits another hour")
    func statusGoScheduleLate() {
        let epoch: Int64 = 12_000
        #expect(RetransmissionSchedule.statusGoV062.nextSendEpoch(previous: epoch, count: 1, epoch: epoch) == 24_002)
        #expect(RetransmissionSchedule.parley.nextSendEpoch(previous: epoch, count: 1, epoch: epoch) == 12_001)
    }

    @Test("parley: next tick, then 1, 2, 4, 8, 16, 32, 32 … epochs → 0, 1, 3, 7, 15, 31, 63, 95, 127")
    func parleySchedule() async throws {
        let sent = try await Self.sendEpochs(DataSyncConfiguration(limits: .unlimited, clock: fixedClock), epochs: 128)
        #expect(sent == [0, 1, 3, 7, 15, 31, 63, 95, 127])
        let schedule = RetransmissionSchedule(backoff: .capped(initialInterval: 3, maxInterval: 10), firstSendDelay: 2, fastRetransmit: false)
        #expect((1...5).map { schedule.nextSendEpoch(previous: 0, count: $0, epoch: 100) } == [103, 106, 110, 110, 110])
        #expect(RetransmissionSchedule.parley.nextSendEpoch(previous: 0, count: 10_000, epoch: 5) == 37)   // no overflow
    }

    @Test("fast retransmission: an ACK for a later message brings an un-ACKed earlier one forward")
    func fastRetransmit() async throws {
        for enabled in [true, false] {
            var schedule = RetransmissionSchedule.parley
            schedule.fastRetransmit = enabled
            let alice = try endpoint(Keys.alice, DataSyncConfiguration(schedule: schedule, clock: fixedClock))
            let lost = try await alice.send(Array(text: "lost"), toContact: Keys.bob.publicKey)
            for _ in 0..<4 { _ = try await alice.tick() }              // sent at 0, 1, 3 — all lost; next due 7
            let later = try await alice.send(Array(text: "later"), toContact: Keys.bob.publicKey)
            let out = try await alice.tick()                          // epoch 4: only the new message
            #expect(out.outgoing.first?.payload.messages.map(\.id) == [later])
            guard case .sync(let summary) = try await alice.receive(SyncPayload(acks: [later]).encoded(),
                                                                    from: Keys.bob.publicKey.syncPeer) else { return }
            #expect(summary.hastened == (enabled ? 1 : 0))
            let next = try await alice.tick()                         // epoch 5
            #expect(next.outgoing.first?.payload.messages.map(\.id) == (enabled ? [lost] : nil))
        }
    }

    @Test("fast retransmission leaves records sent after the ACKed one alone")
    func fastRetransmitOnlyOlder() async throws {
        let alice = try endpoint(Keys.alice)
        let first = try await alice.send(Array(text: "first"), toContact: Keys.bob.publicKey)
        _ = try await alice.tick()                                    // epoch 0: first
        let second = try await alice.send(Array(text: "second"), toContact: Keys.bob.publicKey)
        _ = try await alice.tick()                                    // epoch 1: first (retry, next 3) + second (next 2)
        _ = try await alice.tick()                                    // epoch 2: second (retry, next 4)
        guard case .sync(let summary) = try await alice.receive(SyncPayload(acks: [first]).encoded(),
                                                                from: Keys.bob.publicKey.syncPeer) else { return }
        // `first` was last sent at 1; `second` at 2, after it: its ACK may still be on the way.
        #expect(summary.acknowledged == [first] && summary.hastened == 0)
        #expect(try await alice.tick().outgoing.isEmpty)              // epoch 3
        #expect(try await alice.tick().outgoing.first?.payload.messages.map(\.id) == [second])   // epoch 4
    }

    @Test("attempt limit: after N sends the record expires at its next due epoch and is reported")
    func attemptLimit() async throws {
        let alice = try endpoint(Keys.alice, DataSyncConfiguration(limits: DeliveryLimits(maxAttempts: 3, maxAgeEpochs: nil), clock: fixedClock))
        let id = try await alice.send(Array(text: "x"), toContact: Keys.bob.publicKey)
        var sends = 0, expired: [ExpiredRecord] = []
        for _ in 0..<10 {
            let out = try await alice.tick()
            sends += out.outgoing.count
            expired += out.expired
        }
        #expect(sends == 3)
        #expect(expired == [ExpiredRecord(messageID: id, peer: Keys.bob.publicKey.syncPeer, kind: .message, reason: .attempts(3))])
        #expect(try await alice.pendingRecords().isEmpty)
    }

    @Test("age limit: a record older than maxAgeEpochs expires when next due")
    func ageLimit() async throws {
        let alice = try endpoint(Keys.alice, DataSyncConfiguration(limits: DeliveryLimits(maxAttempts: nil, maxAgeEpochs: 5), clock: fixedClock))
        let id = try await alice.send(Array(text: "x"), toContact: Keys.bob.publicKey)
        var expired: [ExpiredRecord] = []
        for _ in 0..<10 { expired += try await alice.tick().expired }   // sent at 0, 1, 3; due at 7 (age 7 ≥ 5)
        #expect(expired == [ExpiredRecord(messageID: id, peer: Keys.bob.publicKey.syncPeer, kind: .message, reason: .age(epochs: 7))])
    }
}
