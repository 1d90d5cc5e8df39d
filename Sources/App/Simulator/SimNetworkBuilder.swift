import Foundation
import Kernel

/// Turns a scenario group into per-node profile files: the group's real profile (shipped or the
/// scenario's own) with the `memory` transport instead of devp2p, the group's discovery strategy and
/// relay mode, and PoW off (a CPU cost, not a network property).
struct SimProfileWriter {
    let profilesDirectory: String
    let scenarioDirectory: String

    /// The absolute path of a profile named in a scenario (`light` or `my/role.yaml`).
    func basePath(_ profile: String) -> String {
        if profile.hasSuffix(".yaml") || profile.contains("/") {
            return profile.hasPrefix("/") ? profile : URL(fileURLWithPath: scenarioDirectory).appendingPathComponent(profile).standardizedFileURL.path
        }
        return URL(fileURLWithPath: profilesDirectory).appendingPathComponent(profile + ".yaml").standardizedFileURL.path
    }

    /// Writes `<directory>/<role>.yaml` for a node and returns its path.
    func write(node name: String, role: String, base: Profile, basePath: String, directory: String,
               discovery: DiscoveryStrategy, relay: RelayMode?, peers: [String]) throws -> String {
        let has = Set(base.plugins.map(\.key))
        var lines = ["name: \(name)-\(role)", "extends: \"\(basePath)\"", "node: { log-level: error }", "plugins:"]
        if has.contains("devp2p") { lines.append("  devp2p: false") }
        lines.append("  memory: { name: \(name) }")
        let quoted = peers.map { "\"memory://\($0)\"" }.joined(separator: ", ")
        switch discovery {
        case .static:
            lines.append("  static-peers: { peers: [\(quoted)] }")
            if has.contains("bootstrap-peers") { lines.append("  bootstrap-peers: false") }
        case .pex:
            lines.append("  static-peers: { peers: [\(quoted)] }")
            if !has.contains("bootstrap-peers") && !has.contains("bootstrap") { lines.append("  bootstrap-peers: {}") }
        case .discv5, .rendezvous:
            break  // unreachable: the loader refuses strategies whose plugins this build lacks
        }
        switch relay {
        case .flooding?: if !has.contains("relay") { lines.append("  relay: {}") }
        case RelayMode.none?: if has.contains("relay") { lines.append("  relay: false") }
        case .gossipsub?, nil: break
        }
        if has.contains("waku") { lines.append("  waku: { minimum-pow: 0 }") }
        if has.contains("send") { lines.append("  send: { pow: 0 }") }
        let path = (directory as NSString).appendingPathComponent("\(role).yaml")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}
