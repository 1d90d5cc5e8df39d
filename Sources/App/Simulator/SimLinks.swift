import Foundation
import MemoryTransport
import Synchronization

/// The simulated network between nodes: a `MemoryLinkModel` that holds every message until its
/// arrival time in virtual time, decided by the link spec, and loses some.
///
/// A message's fate (loss, jitter) is a hash of the seed, both endpoints and the message's bytes,
/// not a draw from a shared generator — so it does not depend on the order concurrent nodes happen to
/// send in. Pending messages wait in one queue the runner drains as it moves the clock; no task per
/// message, no timer per link.
final class SimLinks: MemoryLinkModel {
    struct Pending {
        let due: Double
        let sequence: UInt64
        let deliver: @Sendable () -> Void
    }
    private struct State {
        var now: Double = 0
        var queue = PendingHeap()
        var sequence: UInt64 = 0
        /// Per sender: when its uplink is free again (seconds of virtual time).
        var uplinkFree: [String: Double] = [:]
        var carried: UInt64 = 0
        var consumed: UInt64 = 0
        var lost: UInt64 = 0
    }
    private let state = Mutex(State())
    let spec: LinkSpec
    let seed: UInt64
    /// Endpoint name → (uplink bandwidth in bytes/s, 0 = unlimited; region index).
    private let endpoints: [String: (bandwidth: Double, region: Int)]

    init(spec: LinkSpec, seed: UInt64, endpoints: [String: (bandwidth: Double, region: Int)]) {
        self.spec = spec
        self.seed = seed
        self.endpoints = endpoints
    }

    func carry(bytes: Int, from: String, to: String, fingerprint: UInt64, deliver: @escaping @Sendable () -> Void) {
        let fate = SimRandom.mix(seed ^ SimRandom.mix(fingerprint ^ nameHash(from) &* 31 ^ nameHash(to)))
        let sender = endpoints[from], receiver = endpoints[to]
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
        let lost = spec.loss > 0 && SimRandom.unit(fate) < spec.loss
        state.withLock { state in
            state.carried += 1
            if lost { state.lost += 1; state.consumed += 1; return }
            var departure = state.now
            if let bandwidth = sender?.bandwidth, bandwidth > 0 {
                departure = max(state.now, state.uplinkFree[from] ?? 0) + Double(bytes) / bandwidth
                state.uplinkFree[from] = departure
            }
            state.sequence += 1
            state.queue.push(Pending(due: departure + latency, sequence: state.sequence, deliver: deliver))
        }
    }

    func consumed() { state.withLock { $0.consumed += 1 } }

    /// Sets the link model's idea of now (seconds since the simulation started).
    func setNow(_ now: Double) { state.withLock { $0.now = now } }

    /// When the next held message is due, if any.
    var nextDue: Double? { state.withLock { $0.queue.first?.due } }

    /// Delivers every held message due by `time`; returns how many.
    @discardableResult
    func deliverDue(by time: Double) -> Int {
        let due = state.withLock { state -> [Pending] in
            var out: [Pending] = []
            while let first = state.queue.first, first.due <= time + 1e-9 { out.append(state.queue.pop()!) }
            return out
        }
        for pending in due { pending.deliver() }
        return due.count
    }

    /// (messages carried, taken by receivers or lost, lost).
    var counters: (carried: UInt64, consumed: UInt64, lost: UInt64) {
        state.withLock { ($0.carried, $0.consumed, $0.lost) }
    }

    /// Messages held in the queue.
    var held: Int { state.withLock { $0.queue.count } }

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
