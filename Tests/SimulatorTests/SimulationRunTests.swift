import Foundation
import PluginCatalog
import Simulator
import Testing

/// Whole simulated networks: the same seed gives the same report byte for byte, and a network whose
/// answer is known (no loss, everyone online) delivers everything.
@Suite(.serialized) struct SimulationRunTests {
    let plugins = Set(PluginCatalog.factories().map(\.descriptor.key))

    /// The shipped profiles directory of this checkout.
    var profiles: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("profiles").path
    }

    func run(_ text: String) async throws -> SimReport {
        let scenario = try ScenarioLoader.parse(text: text, file: "test.yaml", plugins: plugins)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("parley-sim-test-\(UUID().uuidString)").path
        return try await SimRunner(scenario: scenario, profilesDirectory: profiles, scenarioDirectory: profiles, workDirectory: work).run().report
    }

    /// 100 nodes: full relays on static links, light nodes; latency, jitter, loss and churn all on, so
    /// the run exercises the sources of randomness the seed has to pin down. (Uplink bandwidth limits are
    /// left out: under heavy CPU contention they can still move a tail latency by a fraction of a ms.)
    let hundred = """
        name: hundred
        seed: 42
        warm-up-seconds: 10
        duration-seconds: 30
        link: { latency-milliseconds: 30, jitter-milliseconds: 20, loss: 0.01 }
        groups:
          - { name: full, profile: full, count: 20, discovery: static, connect-to: [full], static-peers: 3 }
          - { name: light, profile: light, count: 80, discovery: static, connect-to: [full], static-peers: 2 }
        churn:
          - { group: light, fraction: 0.1, from-seconds: 5, to-seconds: 10, offline-seconds: 8 }
        traffic:
          public-chats:
            - { name: town, subscribers: [light, full], senders: [light], messages-per-minute: 20, size-bytes: 300 }
        """

    @Test(.timeLimit(.minutes(10))) func oneSeedGivesTheSameReportTwice() async throws {
        let first = try await run(hundred)
        let second = try await run(hundred)
        #expect(first.nodes == 100)
        #expect(first.messages > 0)
        #expect(first.latencyMilliseconds.count > 0)
        let a = String(decoding: try first.json(), as: UTF8.self), b = String(decoding: try second.json(), as: UTF8.self)
        #expect(a == b, "reports differ:\n\(a.prefix(3000))\n----\n\(b.prefix(3000))")
        let other = try await run(hundred.replacingOccurrences(of: "seed: 42", with: "seed: 43"))
        #expect(try other.json() != first.json(), "a different seed should give a different run")
    }

    @Test(.timeLimit(.minutes(5))) func noLossAllOnlineDeliversEverything() async throws {
        let report = try await run("""
            name: known-answer
            seed: 5
            warm-up-seconds: 10
            duration-seconds: 30
            link: { latency-milliseconds: 50 }
            groups:
              - { name: boot, profile: bootstrap, count: 1 }
              - { name: full, profile: full, count: 4, discovery: static, connect-to: [full], static-peers: 2 }
              - { name: light, profile: light, count: 10, discovery: static, connect-to: [full], static-peers: 1 }
            traffic:
              public-chats:
                - { name: town, subscribers: [light, full], senders: [light, full], messages-per-minute: 30, size-bytes: 120 }
            """)
        #expect(report.messages >= 5)
        #expect(report.deliveryRatio == 1.0)
        #expect(report.minimumMessageDeliveryRatio == 1.0)
        // 50 ms per hop: nothing arrives sooner than one hop. (Not a whole number of hops: relays forward
        // on their own timers, which adds waits between hops.)
        #expect(report.latencyCDF.allSatisfy { $0 >= 50 })
        #expect(report.messagesLost == 0)
    }
}
