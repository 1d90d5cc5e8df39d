import Synchronization
import WakuCore

/// What the nodes' subscriptions saw: for every (message, node), when it first arrived and whether
/// live or from history. Written by the subscription tasks, read by the runner.
final class SimObservations: Sendable {
    struct Arrival: Sendable {
        let time: Double
        let fromHistory: Bool
    }
    private struct State {
        /// message id → node index → first arrival.
        var arrivals: [Int: [Int: Arrival]] = [:]
        var count = 0
        /// (envelope, node) → when it reached the node's Waku layer (see `SimArrivalSink`).
        var reached: [EnvelopeKey: Double] = [:]
    }
    struct EnvelopeKey: Hashable {
        let envelope: EnvelopeHash
        let node: Int
    }
    private let state = Mutex(State())
    /// The runner's current virtual time (seconds), stamped on arrivals.
    private let now = Mutex<Double>(0)

    func setNow(_ time: Double) { now.withLock { $0 = time } }

    /// The first time `envelope` reached `node` (the time stamped on its arrival when it is opened).
    func stamp(envelope: EnvelopeHash, node: Int) {
        let time = now.withLock { $0 }
        state.withLock { state in
            let key = EnvelopeKey(envelope: envelope, node: node)
            if state.reached[key] == nil { state.reached[key] = time }
        }
    }

    /// `node`'s subscription opened `message` (carried in `envelope`); its arrival time is when the
    /// envelope reached the node, or now if no sink saw it.
    func record(message: Int, node: Int, envelope: EnvelopeHash, fromHistory: Bool) {
        let current = now.withLock { $0 }
        state.withLock { state in
            let key = EnvelopeKey(envelope: envelope, node: node)
            let time = state.reached.removeValue(forKey: key) ?? current
            state.count += 1
            if state.arrivals[message]?[node] == nil {
                state.arrivals[message, default: [:]][node] = Arrival(time: time, fromHistory: fromHistory)
            }
        }
    }

    /// Arrivals recorded so far (a progress counter for settling).
    var count: Int { state.withLock { $0.count } }

    func arrivals(of message: Int) -> [Int: Arrival] { state.withLock { $0.arrivals[message] ?? [:] } }
}
