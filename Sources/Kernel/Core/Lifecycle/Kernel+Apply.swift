import Foundation
import Logging

extension Kernel {
    /// Switches the running node to `profile`: plugins only in the old profile stop (reverse
    /// dependency order), plugins only in the new one start (dependency order, each waiting for the
    /// previous to be ready), plugins whose configuration changed restart, and every other plugin —
    /// with its connections — keeps running untouched.
    ///
    /// If a plugin fails to start, the plugins started by this call are stopped again and the ones it
    /// stopped are restarted, so the node is back on its previous profile; the error says so.
    @discardableResult
    public func apply(_ profile: Profile) async throws -> ApplyReport {
        guard !applying else { throw KernelError.applyInProgress }
        applying = true
        await network.setDialingPaused(true)
        defer { applying = false }
        let began = ContinuousClock.now
        let next: LifecyclePlan
        do {
            next = try LifecyclePlan.make(profile: profile, registry: registry)
        } catch {
            await network.setDialingPaused(false)
            throw error
        }
        let previous = plan
        let steps = ApplySteps(previous: previous, next: next)
        let stopList = steps.stop
        let startList = steps.start
        let kept = steps.kept

        await network.update(limits: profile.node.peers)
        for planned in stopList {
            if let plugin = running[planned.key] { await stopPlugin(plugin, grace: previous?.profile.node.gracePeriod ?? .seconds(5)) }
        }
        // Kept plugins keep their running instances (in `running`); the fresh instances the new plan
        // made for them are never started.
        plan = next

        var started: [String] = []
        for planned in startList {
            do {
                try await startPlugin(planned)
                started.append(planned.key)
            } catch {
                logger.error("start failed; rolling back", metadata: ["plugin": "\(planned.key)", "error": "\(error)"])
                await rollBack(started: started, in: next, to: previous, stopped: stopList.map(\.key))
                await network.setDialingPaused(false)
                throw KernelError.pluginFailedToStart(key: planned.key, underlying: "\(error)", rolledBack: true)
            }
        }
        await network.setDialingPaused(false)
        let report = ApplyReport(profile: profile.name, started: started, stopped: stopList.map(\.key),
                                 kept: kept, restarted: steps.restarted, reasons: steps.reasons,
                                 milliseconds: (ContinuousClock.now - began).seconds * 1000)
        logger.info("profile applied", metadata: [
            "profile": "\(profile.name)", "started": "\(started)", "stopped": "\(report.stopped)", "kept": "\(kept)"])
        var applied = ProfileApplied(profile: profile.name, started: started, stopped: report.stopped, kept: kept)
        applied.seconds = report.milliseconds / 1000
        events.publish(applied)
        return report
    }

    /// What `apply(profile)` would do — started, stopped, restarted and kept plugins, each with its
    /// reason — without changing anything (`parley ctl apply --dry-run`). Throws what `apply` would
    /// throw for an invalid plan.
    public func previewApply(_ profile: Profile) throws -> ApplyReport {
        let next = try LifecyclePlan.make(profile: profile, registry: registry)
        let steps = ApplySteps(previous: plan, next: next)
        return ApplyReport(profile: profile.name, started: steps.start.map(\.key), stopped: steps.stop.map(\.key),
                           kept: steps.kept, restarted: steps.restarted, reasons: steps.reasons, milliseconds: 0, dryRun: true)
    }

    private func rollBack(started: [String], in next: LifecyclePlan, to previous: LifecyclePlan?, stopped: [String]) async {
        for planned in next.stopOrder where started.contains(planned.key) {
            if let plugin = running[planned.key] { await stopPlugin(plugin, grace: next.profile.node.gracePeriod) }
        }
        guard let previous else {
            plan = nil
            return
        }
        await network.update(limits: previous.profile.node.peers)
        plan = previous
        // Fresh instances for the plugins we stopped: a stopped plugin object is not assumed restartable.
        guard let rebuilt = try? LifecyclePlan.make(profile: previous.profile, registry: registry) else { return }
        plan = rebuilt
        for planned in rebuilt.order where stopped.contains(planned.key) {
            do {
                try await startPlugin(planned)
            } catch {
                logger.critical("rollback could not restart plugin", metadata: ["plugin": "\(planned.key)", "error": "\(error)"])
            }
        }
    }
}
