import Foundation
import Kernel
import NodeControl
import Testing

/// Two `parley node` processes with devp2p + static-peers profiles connect over loopback TCP.
@Suite(.serialized) struct TwoNodeProcessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2-\(UUID().uuidString.prefix(8))").path

    func status(_ dataDir: String) async throws -> NodeStatusReport? {
        let response = try? ControlClient.send(ControlRequest(command: .status), path: dataDir + "/control.sock")
        return response?.status
    }

    func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out: \(what)")
        throw CancellationError()
    }

    @Test func twoNodeProcessesConnectOverRLPx() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profile = directory + "/node.yaml"
        try """
            name: loopback
            plugins:
              devp2p: { host: 127.0.0.1, port: 0 }
              static-peers: { peers: [] }
            """.write(toFile: profile, atomically: true, encoding: .utf8)
        let logsA = directory + "/a", logsB = directory + "/b"
        try FileManager.default.createDirectory(atPath: logsA, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: logsB, withIntermediateDirectories: true)

        let a = try ParleyProcess.start(["node", "--profile", profile, "--data-dir", logsA + "/data"], logDirectory: logsA)
        defer { if a.isRunning { a.terminate() } }
        var enode = ""
        try await waitFor("node A listens") {
            enode = try await status(logsA + "/data")?.network.listenAddresses.first { $0.hasPrefix("enode://") } ?? ""
            return !enode.isEmpty
        }
        let b = try ParleyProcess.start(["node", "--profile", profile, "--data-dir", logsB + "/data",
                                         "--set", "static-peers.peers=[\"\(enode)\"]"], logDirectory: logsB)
        defer { if b.isRunning { b.terminate() } }
        try await waitFor("B connects to A and A sees B") {
            let peersOfB = try await status(logsB + "/data")?.network.peers ?? []
            let peersOfA = try await status(logsA + "/data")?.network.peers ?? []
            return peersOfB.count == 1 && peersOfA.count == 1
        }
        let fromB = try #require(try await status(logsB + "/data")?.network.peers.first)
        #expect(fromB.transport == "devp2p")
        #expect(fromB.direction == .outbound)
        #expect(enode.contains(fromB.id))

        a.terminate()
        try await ParleyProcess.waitForExit(a)
        try await waitFor("B notices A is gone") { (try await status(logsB + "/data")?.network.peers.count ?? 1) == 0 }
        b.terminate()
        try await ParleyProcess.waitForExit(b)
        #expect(a.terminationStatus == 0)
        #expect(b.terminationStatus == 0)
    }
}
