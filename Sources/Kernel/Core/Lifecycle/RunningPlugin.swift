/// The kernel's record of one started plugin: its plan entry, its stop signal and the task that runs it.
final class RunningPlugin: @unchecked Sendable {
    // Mutated only on the Kernel actor (the task is set once, right after creation).
    enum State: String { case starting, running, stopping, exited, failed }

    let planned: PlannedPlugin
    let stopSignal = StopSignal()
    var task: Task<Void, Never>?
    var state: State = .starting
    var exitError: String?

    init(planned: PlannedPlugin) { self.planned = planned }

    var key: String { planned.key }
}
