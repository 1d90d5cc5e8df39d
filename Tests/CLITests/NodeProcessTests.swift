import Foundation
import NodeControl
import Testing

/// A real `parley node` process: control socket, runtime apply, garbage on the socket, signals.
@Suite(.serialized) struct NodeProcessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pn-\(UUID().uuidString.prefix(8))").path

    func writeProfiles() throws -> (light: String, full: String) {
        try FileManager.default.createDirectory(atPath: directory + "/p", withIntermediateDirectories: true)
        let light = directory + "/p/light.yaml"
        let full = directory + "/p/full.yaml"
        try "name: light\nplugins:\n  memory: { name: solo }\n".write(toFile: light, atomically: true, encoding: .utf8)
        try "name: full\nextends: light\nplugins:\n  static-peers: { peers: [\"memory://nobody\"] }\n"
            .write(toFile: full, atomically: true, encoding: .utf8)
        return (light, full)
    }

    func waitForSocket(_ path: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !ControlClient.isListening(path: path) {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    @Test func nodeServesStatusAndAppliesProfilesAndSurvivesGarbage() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profiles = try writeProfiles()
        let data = directory + "/data"
        let node = try ParleyProcess.start(["node", "--profile", profiles.light, "--data-dir", data], logDirectory: directory)
        let socket = data + "/control.sock"
        try await waitForSocket(socket)

        let attributes = try FileManager.default.attributesOfItem(atPath: socket)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let status = try await ParleyProcess.run(["ctl", "status", "--data-dir", data])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("\"profile\" : \"light\""))

        let garbage = try ControlClient.exchange(Array("this is not json\n".utf8), path: socket)
        let reply = try JSONDecoder().decode(ControlResponse.self, from: Data(garbage))
        #expect(reply.ok == false)
        #expect(reply.error?.contains("malformed control request") == true)

        let applied = try await ParleyProcess.run(["ctl", "apply", profiles.full, "--data-dir", data])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("\"started\" : [\n    \"static-peers\""), "\(applied.stdout)")
        #expect(applied.stdout.contains("\"memory\""))

        let broken = try await ParleyProcess.run(["ctl", "apply", directory + "/p/missing.yaml", "--data-dir", data])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("missing.yaml"))

        let second = try await ParleyProcess.run(["node", "--profile", profiles.light, "--data-dir", data], timeout: .seconds(30))
        #expect(second.status != 0)
        #expect(second.stderr.contains("another node already serves"), "\(second.stderr)")

        // SIGHUP re-reads the profile file the node runs (now full.yaml, edited on disk) and applies it.
        try "name: full-edited\nextends: light\n".write(toFile: profiles.full, atomically: true, encoding: .utf8)
        kill(node.processIdentifier, SIGHUP)
        try await eventually {
            try await ParleyProcess.run(["ctl", "status", "--data-dir", data]).stdout.contains("\"profile\" : \"full-edited\"")
        }

        node.terminate()   // SIGTERM
        try await ParleyProcess.waitForExit(node)
        #expect(node.terminationStatus == 0)
        let output = try String(contentsOfFile: directory + "/stdout.log", encoding: .utf8)
        #expect(output.contains("parley node stopped"))
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test func ctlWithoutARunningNodeSaysSo() async throws {
        let result = try await ParleyProcess.run(["ctl", "status", "--data-dir", directory + "/nothing"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("no node is running"))
    }

    @Test func aBrokenProfileStopsTheNodeWithAnError() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "plugins:\n\tmemory: {}\n".write(toFile: directory + "/tabs.yaml", atomically: true, encoding: .utf8)
        let result = try await ParleyProcess.run(["node", "--profile", directory + "/tabs.yaml", "--data-dir", directory + "/d"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("tabs.yaml:2:"), "\(result.stderr)")
    }

    func eventually(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("condition not met in time")
    }
}
