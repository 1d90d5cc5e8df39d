/// Something the runner does at a point of virtual time.
struct SimEvent: Sendable {
    enum Action: Sendable {
        case post(chat: Int)
        case goOffline(node: Int)
        case comeOnline(node: Int)
        case switchRole(node: Int, to: String)
        case catchUp(node: Int)
    }
    let time: Double
    let sequence: Int
    let action: Action
}

/// The scenario's timeline, in time order (ties in the order they were scheduled).
struct SimTimeline {
    private(set) var events: [SimEvent] = []
    private var cursor = 0
    private var sequence = 0
    private var sorted = true

    mutating func add(_ time: Double, _ action: SimEvent.Action) {
        sequence += 1
        if let last = events.last, time < last.time || cursor > 0 { sorted = false }
        events.append(SimEvent(time: time, sequence: sequence, action: action))
    }

    private mutating func sortIfNeeded() {
        guard !sorted else { return }
        let rest = events[cursor...].sorted { $0.time != $1.time ? $0.time < $1.time : $0.sequence < $1.sequence }
        events = Array(events[..<cursor]) + rest
        sorted = true
    }

    mutating func nextTime() -> Double? {
        sortIfNeeded()
        return cursor < events.count ? events[cursor].time : nil
    }

    /// Removes and returns the events due by `time`.
    mutating func due(by time: Double) -> [SimEvent] {
        sortIfNeeded()
        var out: [SimEvent] = []
        while cursor < events.count, events[cursor].time <= time + 1e-9 {
            out.append(events[cursor])
            cursor += 1
        }
        return out
    }
}
