import Synchronization

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
    }
    private let state = Mutex(State())
    /// The runner's current virtual time (seconds), stamped on arrivals.
    private let now = Mutex<Double>(0)

    func setNow(_ time: Double) { now.withLock { $0 = time } }

    func record(message: Int, node: Int, fromHistory: Bool) {
        let time = now.withLock { $0 }
        state.withLock { state in
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
