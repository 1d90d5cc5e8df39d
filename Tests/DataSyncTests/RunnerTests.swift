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
            try await alice.run(every: .milliseconds(5), clock: ContinuousClock()) { _ = continuation.yield($0) }
        }
        var epochs: [Int64] = [], carried = false
        for await output in stream {
            epochs.append(output.epoch)
            carried = carried || output.outgoing.contains { $0.payload.messages.map(\.id) == [id] }
            if epochs.count == 3 { break }
        }
        runner.cancel()
        try await runner.value
        #expect(epochs == [0, 1, 2] && carried)
        let after = await alice.epoch
        try await Task.sleep(for: .milliseconds(30))
        #expect(await alice.epoch == after)   // stopped
    }
}
