import Foundation
import Kernel
import NodeControl
import Testing

/// The README's runtime switch, as written: a light node started with `--set` overrides is switched
/// with `parley ctl apply profiles/full.yaml` and back; the overrides stand, devp2p is kept and the
/// connection stays the same TCP connection. `--dry-run` reports the same plan and changes nothing.
@Suite(.serialized) struct RuntimeSwitchProcessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rs-\(UUID().uuidString.prefix(8))").path

    func status(_ dataDir: String) -> NodeStatusReport? {
        (try? ControlClient.send(ControlRequest(command: .status), path: dataDir + "/control.sock"))?.status
    }

    /// Polls a running process's status until `condition` holds (an event with an upper bound, not a delay).
    func waitFor(_ what: String, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out: \(what)")
        throw CancellationError()
    }

    func apply(_ profile: String, dataDir: String, extra: [String] = []) async throws -> ApplyReport {
        let result = try await ParleyProcess.run(["ctl", "apply", profile, "--data-dir", dataDir] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(ApplyReport.self, from: Data(result.stdout.utf8))
    }

    @Test func switchKeepsStartOverridesAndConnections() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profiles = ParleyProcess.repositoryRoot.appendingPathComponent("profiles").path
        let hubDir = directory + "/hub", nodeDir = directory + "/node"
        for dir in [hubDir, nodeDir] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

        let hub = try ParleyProcess.start(["node", "--profile", profiles + "/full.yaml", "--data-dir", hubDir + "/data",
                                           "--set", "devp2p.host=127.0.0.1", "--set", "devp2p.port=0"], logDirectory: hubDir)
        defer { if hub.isRunning { hub.terminate() } }
        var enode = ""
        try await waitFor("the hub listens") {
            enode = status(hubDir + "/data")?.network.listenAddresses.first { $0.hasPrefix("enode://") } ?? ""
            return !enode.isEmpty
        }
        let node = try ParleyProcess.start(["node", "--profile", profiles + "/light.yaml", "--data-dir", nodeDir + "/data",
                                            "--set", "devp2p.host=127.0.0.1", "--set", "devp2p.port=0",
                                            "--set", "static-peers.peers=[\"\(enode)\"]"], logDirectory: nodeDir)
        defer { if node.isRunning { node.terminate() } }
        try await waitFor("the node connects to the hub") { status(nodeDir + "/data")?.network.peers.count == 1 }
        let listening = try #require(status(nodeDir + "/data")?.network.listenAddresses)
        let connection = try #require(status(hubDir + "/data")?.network.peers.first?.address)

        // Dry run: the plan, its reasons, and nothing applied.
        let preview = try await apply("profiles/full.yaml", dataDir: nodeDir + "/data", extra: ["--dry-run"])
        #expect(preview.dryRun)
        // bootstrap-peers restarts: a full node announces itself on pex/1, a light one does not.
        #expect(Set(preview.started) == ["relay", "store", "bootstrap-peers"], "\(preview)")
        #expect(preview.stopped == ["bootstrap-peers"] && preview.restarted == ["bootstrap-peers"], "\(preview)")
        #expect(preview.reasons["bootstrap-peers"] == "its settings changed", "\(preview)")
        #expect(preview.reasons["relay"] == "new in the profile")
        #expect(preview.overrides.contains("devp2p.port=0"))
        #expect(status(nodeDir + "/data")?.profile == "light")

        // The README's command, from the repository root, exactly as written.
        let full = try await apply("profiles/full.yaml", dataDir: nodeDir + "/data")
        #expect(!full.dryRun)
        #expect(full.kept.contains("devp2p") && full.kept.contains("static-peers"), "\(full)")
        #expect(Set(full.started) == ["relay", "store", "bootstrap-peers"], "\(full)")
        #expect(full.stopped == ["bootstrap-peers"], "\(full)")
        let afterFull = try #require(status(nodeDir + "/data"))
        #expect(afterFull.profile == "full")
        #expect(afterFull.network.listenAddresses == listening)
        #expect(afterFull.network.peers.count == 1)
        #expect(status(hubDir + "/data")?.network.peers.first?.address == connection, "the hub sees the same TCP connection")

        // Back to light; an override given again replaces the standing one.
        let light = try await apply("profiles/light.yaml", dataDir: nodeDir + "/data", extra: ["--set", "node.peers.max=9"])
        #expect(Set(light.stopped) == ["relay", "store", "bootstrap-peers"], "\(light)")
        #expect(light.kept.contains("devp2p"), "\(light)")
        #expect(light.overrides.contains("node.peers.max=9") && light.overrides.contains("devp2p.port=0"), "\(light)")
        #expect(status(nodeDir + "/data")?.network.max == 9)
        #expect(status(hubDir + "/data")?.network.peers.first?.address == connection, "the hub sees the same TCP connection")

        node.terminate()
        hub.terminate()
        try await ParleyProcess.waitForExit(node)
        try await ParleyProcess.waitForExit(hub)
    }
}
