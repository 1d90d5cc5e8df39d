import Foundation
import Kernel
import Logging
import Primitives
import WakuProtocol

/// One simulated node: a real kernel from a real profile, plus what the runner remembers about it
/// across restarts (its traffic before going offline, when it reached its target peers).
///
/// Touched only by the runner's task; the subscription tasks it owns report through `SimObservations`.
final class SimNode: @unchecked Sendable {
    let index: Int
    let name: String
    let group: Int
    let identity: NodeIdentity
    let directory: String
    /// The profile file per role this node can run (`own` first).
    var profilePaths: [String: String] = [:]
    let ownRole: String
    var role: String
    var kernel: Kernel?
    var stats = RelayStats()
    var subscriptions: [Task<Void, Never>] = []
    var online = false
    var startedAt: Double = 0
    var targetPeers = 0
    var reachedTargetAt: Double?
    var offlineSince: Double?
    /// Periods the node spent offline (for store coverage).
    struct Absence: Sendable { let from: Double; let to: Double }
    var absences: [Absence] = []
    var roleSwitches = 0
    /// Traffic of kernels this node ran before (it restarts after going offline).
    var protocolTraffic: [String: TrafficSnapshot] = [:]
    var sourceTraffic: [String: TrafficSnapshot] = [:]
    var duplicates = 0
    var copiesSent = 0

    init(index: Int, name: String, group: Int, identity: NodeIdentity, directory: String, role: String) {
        self.index = index
        self.name = name
        self.group = group
        self.identity = identity
        self.directory = directory
        self.ownRole = role
        self.role = role
    }

    /// Adds the running kernel's counters to the node's totals (before it stops).
    func absorbCounters() async {
        guard let kernel else { return }
        let network = await kernel.status().network
        for (key, value) in network.protocolTraffic { protocolTraffic[key, default: TrafficSnapshot()].add(value) }
        for (key, value) in network.sourceTraffic { sourceTraffic[key, default: TrafficSnapshot()].add(value) }
        duplicates += await stats.duplicates
        copiesSent += await stats.copiesSent
        stats = RelayStats()
    }
}

extension TrafficSnapshot {
    mutating func add(_ other: TrafficSnapshot) {
        bytesIn &+= other.bytesIn
        bytesOut &+= other.bytesOut
        packetsIn &+= other.packetsIn
        packetsOut &+= other.packetsOut
    }
}

/// Deterministic node keys: the same seed gives every node the same identity in every run.
enum SimIdentities {
    static func make(_ random: inout SimRandom) -> NodeIdentity {
        while true {
            var bytes = [UInt8](repeating: 0, count: 32)
            for i in stride(from: 0, to: 32, by: 8) {
                let word = random.next()
                for j in 0..<8 { bytes[i + j] = UInt8(truncatingIfNeeded: word >> (8 * j)) }
            }
            if let key = try? PrivateKey(rawBytes: bytes) { return NodeIdentity(privateKey: key) }
        }
    }
}
