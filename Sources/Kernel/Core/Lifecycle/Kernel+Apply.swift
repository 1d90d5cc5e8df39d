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
        let diff = previous?.diff(to: next) ?? PlanDiff(kept: [], added: next.order.map(\.key), removed: [], changed: [])
        let restarted = Self.restartSet(diff: diff, previous: previous, next: next)
        let kept = diff.kept.filter { !restarted.contains($0) }
        let stopping = Set(diff.removed).union(restarted)
        let stopList = (previous?.stopOrder ?? []).filter { stopping.contains($0.key) }
        let startSet = Set(diff.added).union(restarted)
        let startList = next.order.filter { startSet.contains($0.key) }

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
                                 kept: kept, milliseconds: (ContinuousClock.now - began).seconds * 1000)
        logger.info("profile applied", metadata: [
            "profile": "\(profile.name)", "started": "\(started)", "stopped": "\(report.stopped)", "kept": "\(kept)"])
        events.publish(ProfileApplied(profile: profile.name, started: started, stopped: report.stopped, kept: kept))
        return report
    }

    /// Plugins whose configuration changed, plus every kept plugin that (transitively) depends on a
    /// plugin being removed or restarted: a dependent may hold services its provider handed out in
    /// `prepare`, so it restarts with it. A kept plugin whose optional requirement gains a provider
    /// restarts too: it found the service absent when it started.
    static func restartSet(diff: PlanDiff, previous: LifecyclePlan?, next: LifecyclePlan) -> Set<String> {
        let added = Set(diff.added)
        var restarted = Set(diff.changed).union(diff.kept.filter {
            !added.isDisjoint(with: next.planned($0)?.optionalDependencies ?? [])
        })
        var affected = Set(diff.removed).union(restarted)
        var grew = true
        while grew {
            grew = false
            for key in diff.kept where !restarted.contains(key) {
                let dependencies = Set(previous?.planned(key)?.dependencies ?? []).union(next.planned(key)?.dependencies ?? [])
                if !dependencies.isDisjoint(with: affected) {
                    restarted.insert(key)
                    affected.insert(key)
                    grew = true
                }
            }
        }
        return restarted
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
