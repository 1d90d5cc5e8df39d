import Foundation
import MemoryTransport
import Synchronization

/// The simulated network between nodes: a `MemoryLinkModel` that holds every message until its
/// arrival time in virtual time, decided by the link spec, and loses some.
///
/// A message's fate (loss, jitter) is a hash of the seed, both endpoints, the message's size and its
/// place in that link's sequence — not a draw from one shared generator, so it does not depend on how
/// concurrent nodes interleave, and not on the bytes (which carry random IVs and padding). Pending messages wait in one queue the runner drains as it moves the clock; no task per
/// message, no timer per link.
final class SimLinks: MemoryLinkModel {
    struct Unsent {
        let key: String
        let from: String
        let to: String
        let bytes: Int
        let deliver: @Sendable () -> Void
    }
    struct Pending {
        let due: Double
        let sequence: UInt64
        /// The receiving endpoint.
        let to: String
        let deliver: @Sendable () -> Void
    }
    private struct State {
        var now: Double = 0
        var queue = PendingHeap()
        /// Sent at the current instant, fate not yet decided.
        var unsent: [Unsent] = []
        var sequence: UInt64 = 0
        /// Per directed link: when the sender's uplink to that peer is free again (seconds of virtual
        /// time). Per link rather than per node so a node's simultaneous sends to several peers (one
        /// task each, in no fixed order) cannot reorder each other's queueing delays.
        var uplinkFree: [String: Double] = [:]
        /// Messages carried so far per directed link (its sequence numbers).
        var linkSequence: [String: UInt64] = [:]
        var carried: UInt64 = 0
        var consumed: UInt64 = 0
        var lost: UInt64 = 0
        var busy = 0
        /// Connection set-ups waiting for their round trip, and ones cancelled before they were queued.
        var connects: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var cancelledConnects: Set<UInt64> = []
    }
    private let state = Mutex(State())
    let spec: LinkSpec
    let seed: UInt64
    /// Delivery-time grid in seconds (0 = exact).
    let resolution: Double
    /// Endpoint name → (uplink bandwidth in bytes/s, 0 = unlimited; region index).
    private let endpoints: [String: (bandwidth: Double, region: Int)]

    init(spec: LinkSpec, seed: UInt64, resolution: Double = 0, endpoints: [String: (bandwidth: Double, region: Int)]) {
        self.spec = spec
        self.seed = seed
        self.resolution = resolution
        self.endpoints = endpoints
    }

    /// Takes a message in; its fate is decided when the runner flushes the instant (`flushSends`).
    func carry(bytes: Int, from: String, to: String, fingerprint: UInt64, deliver: @escaping @Sendable () -> Void) {
        state.withLock { state in
            state.carried += 1
            state.unsent.append(Unsent(key: from + ">" + to, from: from, to: to, bytes: bytes, deliver: deliver))
        }
    }

    /// Decides the fate of everything sent at the current instant, in a canonical order (by link, then
    /// size; ties keep their order) so that nodes sending concurrently, in whatever order their tasks ran,
    /// get the same loss draws and the same places in their uplink queues in every run.
    func flushSends() {
        state.withLock { state in
            guard !state.unsent.isEmpty else { return }
            let batch = state.unsent.enumerated().sorted {
                ($0.element.key, $0.element.bytes, $0.offset) < ($1.element.key, $1.element.bytes, $1.offset)
            }.map(\.element)
            state.unsent = []
            for message in batch { schedule(message, in: &state) }
        }
    }

    private func schedule(_ message: Unsent, in state: inout State) {
        state.linkSequence[message.key, default: 0] += 1
        let sequence = state.linkSequence[message.key]!
        let fate = SimRandom.mix(seed ^ SimRandom.mix(nameHash(message.key) ^ SimRandom.mix(sequence ^ UInt64(message.bytes) << 32)))
        let sender = endpoints[message.from], receiver = endpoints[message.to]
        var latency = spec.latencyMilliseconds / 1000
        if spec.jitterMilliseconds > 0 {
            let u = SimRandom.unit(SimRandom.mix(fate ^ 0x5151))
            if spec.distribution == "normal" {
                let v = SimRandom.unit(SimRandom.mix(fate ^ 0xA7A7))
                let gaussian = sqrt(-2 * log(max(u, 1e-12))) * cos(2 * .pi * v)
                latency += gaussian * spec.jitterMilliseconds / 1000
            } else {
                latency += (2 * u - 1) * spec.jitterMilliseconds / 1000
            }
        }
        if let a = sender?.region, let b = receiver?.region, a < spec.regionLatencyMilliseconds.count, b < spec.regionLatencyMilliseconds.count {
            latency += spec.regionLatencyMilliseconds[a][b] / 1000
        }
        latency = max(0, latency)
        if spec.loss > 0 && SimRandom.unit(fate) < spec.loss {
            state.lost += 1
            state.consumed += 1
            return
        }
        var departure = state.now
        if let bandwidth = sender?.bandwidth, bandwidth > 0 {
            departure = max(state.now, state.uplinkFree[message.key] ?? 0) + Double(message.bytes) / bandwidth
            state.uplinkFree[message.key] = departure
        }
        state.sequence += 1
        var due = departure + latency
        if resolution > 0 { due = (due / resolution - 1e-9).rounded(.up) * resolution }
        state.queue.push(Pending(due: due, sequence: state.sequence, to: message.to, deliver: message.deliver))
    }

    func consumed() { state.withLock { $0.consumed += 1; $0.busy += 1 } }

    /// A connection set-up: one round trip of the link's base latency (plus regions), never lost, on the
    /// delivery grid — held like a message, so the runner moves the clock to it.
    func connect(from: String, to: String) async {
        let id = state.withLock { state -> UInt64 in
            state.sequence += 1
            return state.sequence
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                state.withLock { state in
                    guard state.cancelledConnects.remove(id) == nil else {
                        done.resume()
                        return
                    }
                    var latency = spec.latencyMilliseconds / 1000
                    if let a = endpoints[from]?.region, let b = endpoints[to]?.region,
                       a < spec.regionLatencyMilliseconds.count, b < spec.regionLatencyMilliseconds.count {
                        latency += spec.regionLatencyMilliseconds[a][b] / 1000
                    }
                    var due = state.now + 2 * latency
                    if resolution > 0 { due = (due / resolution - 1e-9).rounded(.up) * resolution }
                    state.connects[id] = done
                    let resume: @Sendable () -> Void = { [weak self] in self?.finishConnect(id) }
                    state.queue.push(Pending(due: due, sequence: id, to: from, deliver: resume))
                }
            }
        } onCancel: {
            // A node stopping while it dials (churn, the end of the run) must not wait for virtual time.
            let waiting = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let done = state.connects.removeValue(forKey: id) else {
                    state.cancelledConnects.insert(id)
                    return nil
                }
                return done
            }
            waiting?.resume()
        }
    }

    private func finishConnect(_ id: UInt64) {
        state.withLock { $0.connects.removeValue(forKey: id) }?.resume()
    }

    /// A message arrived at a closed connection: settled like a lost one.
    func discarded() { state.withLock { $0.consumed += 1 } }

    func finished() { state.withLock { $0.busy -= 1 } }

    /// Receivers that took a message and are not done with it.
    var busy: Int { state.withLock { $0.busy } }

    /// Sets the link model's idea of now (seconds since the simulation started).
    func setNow(_ now: Double) { state.withLock { $0.now = now } }

    /// When the next held message is due, if any.
    var nextDue: Double? { state.withLock { $0.queue.first?.due } }

    /// Delivers held messages due by `time`, at most one per receiver (the earliest by due time, then
    /// sequence); returns how many. A node given two messages at once would handle them in whatever order
    /// its tasks ran, and what it sends in reply would be fated in that order: one at a time, with the
    /// nodes settled in between, keeps runs repeatable when many messages fall on one grid step.
    @discardableResult
    func deliverWave(by time: Double) -> Int {
        let due = state.withLock { state -> [Pending] in
            var out: [Pending] = [], later: [Pending] = [], receivers: Set<String> = []
            while let first = state.queue.first, first.due <= time + 1e-9 {
                let next = state.queue.pop()!
                if receivers.insert(next.to).inserted { out.append(next) } else { later.append(next) }
            }
            for item in later { state.queue.push(item) }
            return out
        }
        for pending in due { pending.deliver() }
        return due.count
    }

    /// (messages carried, taken by receivers or lost, lost).
    var counters: (carried: UInt64, consumed: UInt64, lost: UInt64) {
        state.withLock { ($0.carried, $0.consumed, $0.lost) }
    }

    var unsentCountValue: Int { state.withLock { $0.unsent.count } }

    /// Messages held in the queue.
    var held: Int { state.withLock { $0.queue.count + $0.unsent.count } }

    private func nameHash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// A binary min-heap on (due, sequence): arrival order is deterministic for equal times.
    struct PendingHeap {
        private var items: [Pending] = []
        var count: Int { items.count }
        var first: Pending? { items.first }

        private static func less(_ a: Pending, _ b: Pending) -> Bool {
            a.due != b.due ? a.due < b.due : a.sequence < b.sequence
        }

        mutating func push(_ item: Pending) {
            items.append(item)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.less(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Pending? {
            guard !items.isEmpty else { return nil }
            items.swapAt(0, items.count - 1)
            let top = items.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count, Self.less(items[left], items[smallest]) { smallest = left }
                if right < items.count, Self.less(items[right], items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
            return top
        }
    }
}

extension SimLinks {
    /// Messages sent at this instant whose fate is not decided yet.
    var unsentCount: Int { unsentCountValue }
}
