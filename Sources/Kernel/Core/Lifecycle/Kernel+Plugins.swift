import Foundation
import Logging

extension Kernel {
    func makeContext(for descriptor: PluginDescriptor, stopSignal: StopSignal) throws -> PluginContext {
        let key = descriptor.key
        let plugins = (dataDirectory as NSString).appendingPathComponent("plugins")
        let storage = (plugins as NSString).appendingPathComponent(key)
        if !pluginsDirectoryPrivate {
            try PrivateDirectory.ensure(plugins, below: dataDirectory)
            pluginsDirectoryPrivate = true
        }
        try PrivateDirectory.ensure(storage)
        var logger = Logger(label: "parley.\(key)")
        logger.logLevel = self.logger.logLevel
        return PluginContext(descriptor: descriptor, logger: logger, clock: clock, events: events,
                             network: PluginNetwork(owner: key, manager: network), storageDirectory: storage,
                             identity: identity, stopSignal: stopSignal, services: services)
    }

    /// Runs `prepare` in the plugin's own task and returns once it is ready; then `run` continues in
    /// that task until the plugin is stopped. Throws if `prepare` fails or times out (the plugin is
    /// then already cleaned up).
    func startPlugin(_ planned: PlannedPlugin) async throws {
        let record = RunningPlugin(planned: planned)
        let context = try makeContext(for: planned.descriptor, stopSignal: record.stopSignal)
        let gate = ReadinessGate()
        running[planned.key] = record
        record.task = Task { [weak self] in
            do {
                try await planned.plugin.prepare(context)
            } catch {
                gate.resolve(.failure(error))
                await self?.pluginExited(record, error: error)
                return
            }
            gate.resolve(.success(()))
            var failure: (any Error)?
            do {
                try await planned.plugin.run(context)
            } catch {
                if !(error is CancellationError) { failure = error }
            }
            await self?.pluginExited(record, error: failure)
        }
        let timeout = startTimeout
        let watchdog = Task { [clock] in
            try? await clock.sleep(for: timeout)
            if !Task.isCancelled { gate.resolve(.failure(KernelError.pluginStartTimedOut(key: planned.key, seconds: timeout.seconds))) }
        }
        defer { watchdog.cancel() }
        do {
            try await gate.wait()
        } catch {
            await stopPlugin(record, grace: .seconds(1))
            throw error
        }
        if record.state == .starting { record.state = .running }
        logger.info("plugin started", metadata: ["plugin": "\(planned.key)"])
        events.publish(PluginStarted(key: planned.key))
    }

    /// Fires the stop signal, waits up to `grace` for `run` to return, then cancels the task.
    func stopPlugin(_ record: RunningPlugin, grace: Duration) async {
        guard let task = record.task else { return }
        if record.state == .running || record.state == .starting { record.state = .stopping }
        record.stopSignal.fire()
        let finished = await withTaskGroup(of: Bool.self) { group -> Bool in
            group.addTask { await task.value; return true }
            group.addTask { [clock] in
                try? await clock.sleep(for: grace)
                // Still running after the grace period: cancel it (the group then waits for it to end).
                if !Task.isCancelled { task.cancel() }
                return false
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
        if !finished {
            logger.warning("plugin ignored its stop signal; cancelled it", metadata: ["plugin": "\(record.key)", "grace": "\(grace)"])
        }
        if running[record.key] === record { running[record.key] = nil }
    }

    /// Called from the plugin's task when `run` returned or `prepare` failed: removes whatever the
    /// plugin registered and reports the exit.
    func pluginExited(_ record: RunningPlugin, error: (any Error)?) async {
        await network.removeAll(ownedBy: record.key)
        services.removeAll(ownedBy: record.key)
        let expected = record.state == .stopping
        record.state = error == nil ? .exited : .failed
        record.exitError = error.map { "\($0)" }
        if !expected {
            logger.error("plugin exited on its own", metadata: ["plugin": "\(record.key)", "error": "\(record.exitError ?? "none")"])
        } else {
            logger.info("plugin stopped", metadata: ["plugin": "\(record.key)"])
        }
        events.publish(PluginStopped(key: record.key, error: record.exitError))
    }
}
