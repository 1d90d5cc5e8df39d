import Primitives

/// A two-node MVDS simulation over lossy links (wire-facts §4.3): Alice sends N messages to Bob over their 1:1
/// group; every payload in either direction is dropped independently with probability `lossRate`. It measures
/// how many epochs pass until Alice holds an ACK for every message, and how many payloads both sent.
///
/// Each simulated epoch: Alice sends the next message if one is due (every `sendSpacing` epochs), Alice ticks
/// and her payloads cross the link to Bob, then Bob ticks and his cross back — so an ACK can arrive in the epoch
/// its MESSAGE was sent, the best case for any schedule. Both nodes start at epoch 0 (status-go's schedule is at
/// its fastest there: its gaps grow with the absolute epoch number). Epochs in which neither node has anything
/// due are skipped in one step (equivalent to empty ticks), so runs cost per transmission, not per epoch.
/// Deterministic for a given seed.
public enum DataSyncSimulation {
    /// One simulated exchange.
    public struct Scenario: Sendable {
        public var messages: Int
        public var lossRate: Double
        public var seed: UInt64
        public var schedule: RetransmissionSchedule
        public var limits: DeliveryLimits
        public var mode: DataSyncMode
        /// Epochs between two sends (0: all at once).
        public var sendSpacing: Int
        /// Bob ACKs duplicates (2/MVDS, Parley); `false` makes him behave like status-go v0.62.
        public var receiverAcknowledgesDuplicates: Bool
        /// The run stops unfinished after this many epochs.
        public var maxEpochs: Int

        public init(messages: Int = 10, lossRate: Double, seed: UInt64, schedule: RetransmissionSchedule = .parley,
                    limits: DeliveryLimits? = nil, mode: DataSyncMode = .batch, sendSpacing: Int = 1,
                    receiverAcknowledgesDuplicates: Bool = true, maxEpochs: Int = 1 << 40) {
            self.messages = max(0, messages)
            self.lossRate = lossRate
            self.seed = seed
            self.schedule = schedule
            self.limits = limits ?? (schedule.backoff == .statusGoV062 ? .unlimited : .parley)
            self.mode = mode
            self.sendSpacing = max(0, sendSpacing)
            self.receiverAcknowledgesDuplicates = receiverAcknowledgesDuplicates
            self.maxEpochs = max(1, maxEpochs)
        }
    }

    /// What one run measured.
    public struct Outcome: Sendable, Hashable {
        /// Epochs from the first send until every message was ACKed; `nil` if that never happened.
        public var epochsUntilAllAcked: Int?
        /// Payloads both nodes produced (including the ones the link dropped).
        public var payloadsSent = 0
        public var payloadsDropped = 0
        /// Distinct messages Bob delivered, and deliveries beyond the first of any message (must be 0).
        public var delivered = 0
        public var redeliveries = 0
        /// Records Alice gave up under her limits.
        public var expired = 0
        /// Every message delivered to Bob exactly once.
        public var deliveredExactlyOnce = false
    }

    /// Runs `scenario` with both nodes in memory.
    public static func run(_ scenario: Scenario) async throws(DataSyncError) -> Outcome {
        let aliceKey = key("alice", scenario.seed), bobKey = key("bob", scenario.seed)
        func configuration(acknowledgesDuplicates: Bool) -> DataSyncConfiguration {
            DataSyncConfiguration(mode: scenario.mode, schedule: scenario.schedule, limits: scenario.limits,
                                  acknowledgesDuplicates: acknowledgesDuplicates, clock: { 1_600_000_000 })
        }
        let alice = try DataSyncEndpoint(identity: aliceKey.publicKey, configuration: configuration(acknowledgesDuplicates: true))
        let bob = try DataSyncEndpoint(identity: bobKey.publicKey,
                                       configuration: configuration(acknowledgesDuplicates: scenario.receiverAcknowledgesDuplicates))
        var toBob = LossyLink(lossRate: scenario.lossRate, seed: scenario.seed &* 2 &+ 1)
        var toAlice = LossyLink(lossRate: scenario.lossRate, seed: scenario.seed &* 2 &+ 2)
        var outcome = Outcome()
        var unacked = Set<SyncMessageID>(), deliveries: [SyncMessageID: Int] = [:]
        var sent = 0

        var step = 0
        while step < scenario.maxEpochs {
            while sent < scenario.messages, scenario.sendSpacing == 0 || step == sent * scenario.sendSpacing {
                unacked.insert(try await alice.send(Array("message \(sent)".utf8), toContact: bobKey.publicKey))
                sent += 1
                if scenario.sendSpacing > 0 { break }
            }
            let fromAlice = try await alice.tick()
            outcome.expired += fromAlice.expired.count
            for payload in fromAlice.outgoing {
                outcome.payloadsSent += 1
                guard toBob.delivers() else { continue }
                for delivery in try await bob.receive(payload.bytes, from: alice.identity).delivered {
                    deliveries[delivery.id, default: 0] += 1
                }
            }
            for payload in try await bob.tick().outgoing {
                outcome.payloadsSent += 1
                guard toAlice.delivers() else { continue }
                if case .sync(let summary) = try await alice.receive(payload.bytes, from: bob.identity) {
                    unacked.subtract(summary.acknowledged)
                }
            }
            step += 1
            if sent == scenario.messages, unacked.isEmpty {
                outcome.epochsUntilAllAcked = step
                break
            }
            // Skip epochs in which neither node would send anything (status-go's gaps reach millions of epochs).
            let nextSend = sent < scenario.messages ? sent * scenario.sendSpacing : nil
            let due = [try await alice.nextDueEpoch(), try await bob.nextDueEpoch(), nextSend.map(Int64.init)].compactMap { $0 }
            guard let next = due.min() else { break }                 // nothing left to send: expired, unfinished
            if next > Int64(step) {
                let target = Int(min(next, Int64(scenario.maxEpochs)))
                try await alice.skipIdleEpochs(to: Int64(target))
                try await bob.skipIdleEpochs(to: Int64(target))
                step = target
            }
        }
        outcome.payloadsDropped = toBob.dropped + toAlice.dropped
        outcome.delivered = deliveries.count
        outcome.redeliveries = deliveries.values.reduce(0) { $0 + $1 - 1 }
        outcome.deliveredExactlyOnce = deliveries.count == scenario.messages && outcome.redeliveries == 0
        return outcome
    }

    /// A deterministic identity per name and seed.
    static func key(_ name: String, _ seed: UInt64) -> PrivateKey {
        var material = Array("parley-datasync-simulation/\(name)/".utf8)
        for shift in stride(from: 0, to: 64, by: 8) { material.append(UInt8(truncatingIfNeeded: seed >> UInt64(shift))) }
        var candidate = Keccak256.hash(material)
        while true {
            if let key = try? PrivateKey(rawBytes: candidate) { return key }
            candidate = Keccak256.hash(candidate)   // out of range (probability ~2⁻¹²⁸): hash again
        }
    }
}
