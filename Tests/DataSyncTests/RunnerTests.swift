import Testing
@testable import DataSync

@Suite("Runner: ticks on an injected clock until cancelled")
struct RunnerTests {
    @Test("run(every:clock:) ticks repeatedly, carries the payload, and returns on cancellation")
    func ticks() async throws {
        let alice = try endpoint(Keys.alice)
        let id = try await alice.send(Array(text: "tick me"), toContact: Keys.bob.publicKey)
        let (stream, continuation) = AsyncStream.makeStream(of: TickOutput.self)
        let runner = Task {
            try await alice.run(every: .milliseconds(300), clock: VirtualClock()) { _ = continuation.yield($0) }
        }
        var epochs: [Int64] = [], carried = false
        for await output in stream {
            epochs.append(output.epoch)
            carried = carried || output.outgoing.contains { $0.payload.messages.map(\.id) == [id] }
            if epochs.count == 3 { break }
        }
        runner.cancel()
        try await runner.value   // returned: the loop has ended, so nothing ticks any more
        #expect(epochs == [0, 1, 2] && carried)
        let after = await alice.epoch
        _ = try await alice.tick()   // only an explicit tick moves the epoch now
        #expect(await alice.epoch == after + 1)
    }

    @Test("with an injected clock, epoch n runs at n+1 intervals of clock time")
    func injectedClock() async throws {
        let alice = try endpoint(Keys.alice)
        let clock = VirtualClock()
        let (stream, continuation) = AsyncStream.makeStream(of: (Int64, Duration).self)
        let runner = Task {
            try await alice.run(every: .milliseconds(300), clock: clock) { _ = continuation.yield(($0.epoch, clock.now.offset)) }
        }
        var seen: [(Int64, Duration)] = []
        for await entry in stream {
            seen.append(entry)
            if seen.count == 5 { break }
        }
        runner.cancel()
        try await runner.value
        #expect(seen.map(\.0) == [0, 1, 2, 3, 4])
        #expect(seen.map(\.1) == (1...5).map { .milliseconds(300 * $0) })
    }

    @Test("nextDueEpoch: nil when idle, the epoch itself with ACKs queued, else the earliest record")
    func nextDue() async throws {
        let alice = try endpoint(Keys.alice), bob = try endpoint(Keys.bob)
        #expect(try await alice.nextDueEpoch() == nil)
        _ = try await alice.send([1], toContact: Keys.bob.publicKey)
        #expect(try await alice.nextDueEpoch() == 0)
        let out = try await alice.tick()
        #expect(try await alice.nextDueEpoch() == 1)             // sent at 0, backoff 1 epoch
        _ = try await deliver(out, from: alice, to: bob)
        #expect(try await bob.nextDueEpoch() == 0)                // an ACK is queued
        try await deliver(try await bob.tick(), from: bob, to: alice)
        #expect(try await alice.nextDueEpoch() == nil)
        #expect(try await bob.nextDueEpoch() == nil)
    }
}
