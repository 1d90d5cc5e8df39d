import Testing
@testable import DataSync

@Suite("Simulation: 10 messages over lossy links, both schedules, 20 seeds")
struct SimulationTests {
    static let seeds: [UInt64] = Array(1...20)

    static func outcomes(_ schedule: RetransmissionSchedule, loss: Double, mode: DataSyncMode = .batch) async throws
        -> [DataSyncSimulation.Outcome] {
        var outcomes: [DataSyncSimulation.Outcome] = []
        for seed in seeds {
            outcomes.append(try await DataSyncSimulation.run(.init(lossRate: loss, seed: seed, schedule: schedule, mode: mode)))
        }
        return outcomes
    }

    @Test("every message is delivered exactly once and ACKed, at 0 %, 30 % and 60 % loss, with both schedules",
          arguments: [0.0, 0.3, 0.6])
    func exactlyOnce(loss: Double) async throws {
        for schedule in [RetransmissionSchedule.parley, .statusGoV062] {
            for outcome in try await Self.outcomes(schedule, loss: loss) {
                #expect(outcome.deliveredExactlyOnce && outcome.redeliveries == 0 && outcome.delivered == 10)
                #expect(outcome.epochsUntilAllAcked != nil && outcome.expired == 0)
                if loss == 0 { #expect(outcome.payloadsDropped == 0) }
            }
        }
    }

    @Test("without loss both schedules finish in 10 epochs (one message per epoch, ACKed within the epoch)")
    func noLoss() async throws {
        for schedule in [RetransmissionSchedule.parley, .statusGoV062] {
            let epochs = try await Self.outcomes(schedule, loss: 0).map(\.epochsUntilAllAcked)
            // status-go sends a new record one epoch later (SendEpoch = epoch + 1).
            #expect(Set(epochs) == [schedule == .parley ? 10 : 11])
        }
    }

    @Test("Parley's default needs fewer epochs than statusGoV062 at 30 % (median over 20 seeds), and at 60 %",
          arguments: [0.3, 0.6])
    func parleyIsFaster(loss: Double) async throws {
        let parley = try await Self.outcomes(.parley, loss: loss).compactMap(\.epochsUntilAllAcked)
        let statusGo = try await Self.outcomes(.statusGoV062, loss: loss).compactMap(\.epochsUntilAllAcked)
        #expect(parley.count == 20 && statusGo.count == 20)
        #expect(DataSyncSimulation.median(parley) < DataSyncSimulation.median(statusGo))
    }

    @Test("the interactive mode also completes exactly once under 30 % loss")
    func interactive() async throws {
        for outcome in try await Self.outcomes(.parley, loss: 0.3, mode: .interactive) {
            #expect(outcome.deliveredExactlyOnce && outcome.epochsUntilAllAcked != nil)
        }
    }

    @Test("a receiver that does not ACK duplicates (v0.62): Parley senders give up and report it, never hang")
    func v062Receivers() async throws {
        var unfinished = 0
        for seed in Self.seeds {
            let outcome = try await DataSyncSimulation.run(.init(lossRate: 0.3, seed: seed, limits: DeliveryLimits(maxAttempts: 8, maxAgeEpochs: nil),
                                                                 receiverAcknowledgesDuplicates: false))
            #expect(outcome.redeliveries == 0 && outcome.delivered == 10)
            if outcome.epochsUntilAllAcked == nil {
                unfinished += 1
                #expect(outcome.expired > 0)
            }
        }
        #expect(unfinished > 0)   // some first ACKs were lost: those messages never got another one
    }

    @Test("a run is deterministic for its seed")
    func deterministic() async throws {
        let scenario = DataSyncSimulation.Scenario(lossRate: 0.5, seed: 42)
        #expect(try await DataSyncSimulation.run(scenario) == DataSyncSimulation.run(scenario))
        #expect(DataSyncSimulation.median([3, 1, 2]) == 2 && DataSyncSimulation.median([4, 1, 3, 2]) == 2.5 && DataSyncSimulation.median([]) == 0)
    }

    @Test("figures(): one row per schedule and loss rate, with the medians the other tests check")
    func figures() async throws {
        let figures = try await DataSyncSimulation.figures(seeds: 20)
        #expect(figures.map(\.schedule) == ["parley", "statusGoV062", "parley", "statusGoV062", "parley", "statusGoV062"])
        #expect(figures.allSatisfy { $0.unfinished == 0 && $0.exactlyOnce && $0.runs == 20 })
        for figure in figures { print("DataSync simulation: \(figure)") }
        #expect(figures[2].medianEpochs < figures[3].medianEpochs)
    }
}
