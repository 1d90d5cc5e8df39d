import Foundation
import Kernel
import Logging
import NodeControl

/// Answers control requests for a running node and re-applies its profile on SIGHUP.
///
/// The `--set` overrides the node started with stand across `ctl apply` and SIGHUP (see
/// `StandingOverrides`); an apply that sets the same key again replaces it from then on.
actor NodeRuntime {
    let kernel: Kernel
    var profilePath: String
    /// The overrides that stand: the start's, merged with every applied request's.
    var standing: [String]
    /// The overrides given with the profile now running (at start, or with the last `ctl apply`).
    var given: [String]
    let logger = Logger(label: "parley.node")

    init(kernel: Kernel, profilePath: String, overrides: [String]) {
        self.kernel = kernel
        self.profilePath = profilePath
        self.standing = overrides
        self.given = overrides
    }

    func handle(_ request: ControlRequest) async -> ControlResponse {
        switch request.command {
        case .status:
            return ControlResponse(ok: true, status: await kernel.status())
        case .apply:
            guard let path = request.profile else {
                return .failure("apply needs a profile file: parley ctl apply PROFILE")
            }
            do {
                let requested = request.overrides ?? []
                let kept = try StandingOverrides.superseded(standing, by: requested)
                let profile = try ProfileLoader.load(path: path, overrides: requested, standing: kept)
                var report = request.dryRun == true ? try await kernel.previewApply(profile) : try await kernel.apply(profile)
                report.overrides = kept + requested
                if !report.dryRun {
                    profilePath = path
                    standing = kept + requested
                    given = requested
                }
                return ControlResponse(ok: true, apply: report)
            } catch {
                return .failure("\(error)")
            }
        case .call:
            guard let name = request.method else { return .failure("call needs a method name") }
            do {
                if let result = try await NodePeerMethods.call(name, request.params ?? [:], network: kernel.network) {
                    return ControlResponse(ok: true, result: result)
                }
            } catch {
                return .failure("\(error)")
            }
            guard let method = kernel.controlMethod(named: name) else {
                return .failure("no running plugin answers '\(name)'; check the node's profile has the plugin that provides it")
            }
            do {
                return ControlResponse(ok: true, result: try await method.call(request.params ?? [:]))
            } catch {
                return .failure("\(error)")
            }
        }
    }

    /// SIGHUP: reload the profile file the node runs and apply it; errors are logged, the node keeps
    /// running its current profile.
    func reload() async {
        do {
            let profile = try ProfileLoader.load(path: profilePath, overrides: given,
                                                 standing: try StandingOverrides.superseded(standing, by: given))
            let report = try await kernel.apply(profile)
            logger.notice("SIGHUP: re-applied profile", metadata: [
                "profile": "\(report.profile)", "started": "\(report.started)", "stopped": "\(report.stopped)"])
        } catch {
            logger.error("SIGHUP: could not re-apply the profile; still running the previous one", metadata: ["error": "\(error)"])
        }
    }
}
