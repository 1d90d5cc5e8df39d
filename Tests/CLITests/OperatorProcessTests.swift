import Foundation
import NodeControl
import Testing

/// Operator basics as a user runs them (issue #17 item 3): `--version`, `--log-format json`,
/// `PARLEY_DATA_DIR`, `ctl peers add|remove`, unescaped URLs, `enr decode` exit codes, negative
/// `--from`, and the systemd unit under deploy/.
@Suite(.serialized) struct OperatorProcessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("op-\(UUID().uuidString.prefix(8))").path

    /// Starts a memory-transport node (no ports) and waits for its control socket.
    func startNode(_ extra: [String] = []) async throws -> (process: Process, data: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let profile = directory + "/solo.yaml"
        try "name: solo\nplugins:\n  memory: { name: op-solo-\(UUID().uuidString.prefix(6)) }\n"
            .write(toFile: profile, atomically: true, encoding: .utf8)
        let data = directory + "/data"
        let node = try ParleyProcess.start(["node", "--profile", profile, "--data-dir", data] + extra, logDirectory: directory)
        let deadline = ContinuousClock.now + .seconds(30)
        while !ControlClient.isListening(path: data + "/control.sock") {
            guard node.isRunning, ContinuousClock.now < deadline else {
                node.terminate()
                throw CLIOperatorTestFailure.nodeDidNotStart(try String(contentsOfFile: directory + "/stderr.log", encoding: .utf8))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return (node, data)
    }

    func stop(_ node: Process) async throws {
        node.terminate()
        try await ParleyProcess.waitForExit(node)
    }

    @Test func versionFlagPrintsTheRelease() async throws {
        let result = try await ParleyProcess.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("parley 0."), "\(result.stdout)")
        #expect(result.stdout.contains("status-go"))
    }

    @Test func statusShowsVersionAndUptimeWithUnescapedURLsThroughTheEnvironmentDataDir() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (node, data) = try await startNode()
        let status = try await ParleyProcess.run(["ctl", "status"], environment: ["PARLEY_DATA_DIR": data])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("\"version\" : \"0."), "\(status.stdout)")
        #expect(status.stdout.contains("\"uptimeSeconds\" : "), "\(status.stdout)")
        #expect(status.stdout.contains("memory://op-solo-"), "\(status.stdout)")
        #expect(!status.stdout.contains("\\/"), "JSON output escapes slashes: \(status.stdout)")

        let withoutAny = try await ParleyProcess.run(["ctl", "status"], environment: ["PARLEY_DATA_DIR": ""])
        #expect(withoutAny.status == 64)
        #expect(withoutAny.stderr.contains("PARLEY_DATA_DIR"), "\(withoutAny.stderr)")
        try await stop(node)
    }

    @Test func ctlPeersAddsAndRemovesAPeerAtRuntime() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (node, data) = try await startNode()
        // A real node key's enode URL (nobody listens on port 1: the node keeps redialling it).
        let record = try await ParleyProcess.run(["enr", "new", "--key", String(repeating: "11", count: 32), "--ip", "127.0.0.1", "--tcp", "1"])
        let decoded = try await ParleyProcess.run(["enr", "decode", record.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        let enode = try #require((try JSONSerialization.jsonObject(with: Data(decoded.stdout.utf8)) as? [String: Any])?["enode"] as? String)
        let added = try await ParleyProcess.run(["ctl", "peers", "add", enode, "--data-dir", data])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("\"added\" : \"\(enode)\""), "\(added.stdout)")
        #expect(added.stdout.contains("\"knownPeers\" : 1"), "\(added.stdout)")

        let removed = try await ParleyProcess.run(["ctl", "peers", "remove", enode, "--data-dir", data])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("\"knownPeers\" : 0"), "\(removed.stdout)")

        let again = try await ParleyProcess.run(["ctl", "peers", "remove", enode, "--data-dir", data])
        #expect(again.status == 1)
        #expect(again.stderr.contains("neither knows nor is connected"), "\(again.stderr)")

        let garbage = try await ParleyProcess.run(["ctl", "peers", "add", "enode://nothex@1.2.3.4:5", "--data-dir", data])
        #expect(garbage.status == 64)
        #expect(garbage.stderr.contains("not a valid peer address"), "\(garbage.stderr)")
        try await stop(node)
    }

    @Test func jsonLogFormatWritesOneObjectPerLine() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (node, _) = try await startNode(["--log-format", "json", "--set", "node.log-level=debug"])
        try await stop(node)
        let lines = try String(contentsOfFile: directory + "/stderr.log", encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        #expect(!lines.isEmpty, "a debug-level node logs something")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String && object?["ts"] is String, "\(line)")
        }
        let refused = try await ParleyProcess.run(["node", "--profile", "x.yaml", "--log-format", "xml"])
        #expect(refused.status != 0)
    }

    @Test func natExtipIsAdvertisedInTheEnode() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let profile = directory + "/tcp.yaml"
        try "name: tcp\nplugins:\n  devp2p: { host: 127.0.0.1, port: 0 }\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let data = directory + "/data"
        let node = try ParleyProcess.start(["node", "--profile", profile, "--data-dir", data, "--nat", "extip:203.0.113.7"], logDirectory: directory)
        defer { if node.isRunning { node.terminate() } }
        let deadline = ContinuousClock.now + .seconds(30)
        while !ControlClient.isListening(path: data + "/control.sock") && node.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let status = try await ParleyProcess.run(["ctl", "status", "--data-dir", data])
        #expect(status.stdout.contains("@203.0.113.7:"), "\(status.stdout) \(status.stderr)")
        try await stop(node)

        let refused = try await ParleyProcess.run(["node", "--profile", profile, "--data-dir", data, "--nat", "upnp"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("extip:IP"), "\(refused.stderr)")
        let badIP = try await ParleyProcess.run(["node", "--profile", profile, "--data-dir", data, "--nat", "extip:999.1.1.1"])
        #expect(badIP.status == 64)
    }

    @Test func enrDecodeFailsOnABadSignature() async throws {
        let valid = "enr:-IS4QHCYrYZbAKWCBRlAy5zzaDZXJBGkcnh4MHcBFZntXNFrdvJjX04jRzjzCBOonrkTfj499SZuOh8R33Ls8RRcy5wBgmlkgnY0gmlwhH8AAAGJc2VjcDI1NmsxoQPKY0yuDUmstAHYpMa2_oxVtw0RW_QAdpzBQA8yWM0xOIN1ZHCCdl8"
        let good = try await ParleyProcess.run(["enr", "decode", valid])
        #expect(good.status == 0, "\(good.stderr)")
        // Change one base64 character inside the 64-byte signature: still a well-formed record.
        var characters = Array(valid)
        characters[20] = characters[20] == "A" ? "B" : "A"
        let tampered = try await ParleyProcess.run(["enr", "decode", String(characters)])
        #expect(tampered.status == 1, "\(tampered.stdout) \(tampered.stderr)")
        #expect(tampered.stdout.contains("\"signatureValid\" : false"), "\(tampered.stdout)")
        #expect(tampered.stderr.contains("signature does not verify"), "\(tampered.stderr)")
    }

    @Test func negativeFromIsAcceptedAsANumber() async throws {
        let result = try await ParleyProcess.run(["history", "--topic", "0x12345678", "--from", "-3600", "--to", "-60",
                                                  "--data-dir", directory + "/no-node"])
        #expect(result.status != 0)
        #expect(!result.stderr.contains("Missing value"), "\(result.stderr)")
        #expect(result.stderr.contains("no node is running"), "\(result.stderr)")
    }

    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: FileManager.default.isExecutableFile)

    @Test(.enabled(if: systemdAnalyze != nil, "SKIPPED: systemd-analyze is not installed, so deploy/parley.service is not verified"))
    func systemdUnitVerifies() async throws {
        let analyzer = try #require(Self.systemdAnalyze)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Verify the shipped unit with ExecStart pointing at the binary under test (verify needs it to exist).
        let unit = try String(contentsOf: ParleyProcess.repositoryRoot.appendingPathComponent("deploy/parley.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/parley node"))
        let copy = directory + "/parley.service"
        try unit.replacingOccurrences(of: "/usr/local/bin/parley", with: ParleyProcess.binary.path)
            .write(toFile: copy, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyzer)
        process.arguments = ["verify", copy]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        // verify exits 0 on unknown settings too; it only warns. A warning about our unit is a failure.
        let ours = output.split(separator: "\n").filter { $0.contains("parley.service") }
        #expect(ours.isEmpty, "\(output)")
    }
}

enum CLIOperatorTestFailure: Error {
    case nodeDidNotStart(String)
}
