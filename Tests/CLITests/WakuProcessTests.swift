import Foundation
import Kernel
import NodeControl
import Testing

/// `parley post`, `watch` and `history` against two `parley node` processes running the shipped
/// light and full profiles over RLPx; the full node is killed with SIGKILL and its archive survives.
@Suite(.serialized) struct WakuProcessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString.prefix(8))").path

    func status(_ dataDir: String) -> NodeStatusReport? {
        (try? ControlClient.send(ControlRequest(command: .status), path: dataDir + "/control.sock"))?.status
    }

    func waitFor(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out: \(what)")
        throw CancellationError()
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(.timeLimit(.minutes(3))) func postWatchAndHistoryAcrossProcessesSurviveKill9() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profiles = ParleyProcess.repositoryRoot.appendingPathComponent("profiles").path
        let fullData = directory + "/full", lightData = directory + "/light"
        for path in [fullData, lightData] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        let quick = ["--set", "devp2p.host=127.0.0.1", "--set", "send.pow=0.00001", "--set", "history.timeout-seconds=3"]

        func startFull(port: UInt16) throws -> Process {
            try ParleyProcess.start(["node", "--profile", profiles + "/full.yaml", "--data-dir", fullData + "/data",
                                     "--set", "devp2p.port=\(port)"] + quick, logDirectory: fullData)
        }
        var full = try startFull(port: 0)
        defer { if full.isRunning { full.terminate() } }
        var port: UInt16 = 0
        try await waitFor("the full node listens") {
            port = status(fullData + "/data")?.network.listenPorts["devp2p"] ?? 0
            return port != 0
        }
        let enode = try #require(status(fullData + "/data")?.network.listenAddresses.first { $0.hasPrefix("enode://") })
        let light = try ParleyProcess.start(["node", "--profile", profiles + "/light.yaml", "--data-dir", lightData + "/data",
                                             "--set", "devp2p.port=0", "--set", "static-peers.peers=[\"\(enode)\"]"] + quick,
                                            logDirectory: lightData)
        defer { if light.isRunning { light.terminate() } }
        try await waitFor("the light node is connected") { status(lightData + "/data")?.network.peers.count == 1 }

        let topic = try json(try await ParleyProcess.run(["topic", "public", "parley-cli-test"]).stdout)
        let topicHex = try #require(topic["topic"] as? String)
        let message = ["--topic", topicHex, "--password", "parley-cli-test"]

        // watch on the full node (a separate process writing to a file) while the light node posts until it sees one.
        let watchLogs = directory + "/watch"
        try FileManager.default.createDirectory(atPath: watchLogs, withIntermediateDirectories: true)
        let watcher = try ParleyProcess.start(["watch", "--data-dir", fullData + "/data", "--count", "1", "--seconds", "40"] + message,
                                              logDirectory: watchLogs)
        defer { if watcher.isRunning { watcher.terminate() } }
        var hashes: [String: String] = [:]
        var posts = 0
        for text in ["one", "two", "three"] + (1...40).map({ "ping \($0)" }) where posts < 3 || watcher.isRunning {
            let posted = try await ParleyProcess.run(["post", "--data-dir", lightData + "/data"] + message + [text])
            #expect(posted.status == 0, "\(posted.stderr)")
            hashes[try #require(try json(posted.stdout)["hash"] as? String)] = text
            posts += 1
            try await Task.sleep(for: .milliseconds(400))
        }
        try await ParleyProcess.waitForExit(watcher)
        let watched = try String(contentsOfFile: watchLogs + "/stdout.log", encoding: .utf8)
        #expect(watcher.terminationStatus == 0, "watch failed: \((try? String(contentsOfFile: watchLogs + "/stderr.log", encoding: .utf8)) ?? "")")
        let line = try json(try #require(watched.split(separator: "\n").first.map(String.init), "watch printed nothing after \(posts) posts"))
        let hash = try #require(line["hash"] as? String)
        #expect(hashes[hash] != nil)
        #expect(line["payload"] as? String == hashes[hash])
        #expect((line["signer"] as? String)?.hasPrefix("0x04") == true)

        func history() async throws -> [String] {
            let result = try await ParleyProcess.run(["history", "--data-dir", lightData + "/data", "--from=-600"] + message)
            guard result.status == 0 else { return [] }
            let envelopes = try json(result.stdout)["envelopes"] as? [[String: Any]] ?? []
            return envelopes.compactMap { $0["payload"] as? String }.filter { !$0.hasPrefix("ping") }
        }
        try await waitFor("the store answers with all three") { try await Set(history()) == ["one", "two", "three"] }

        // kill -9 the full node: what it acknowledged is still there after a restart on the same port.
        kill(full.processIdentifier, SIGKILL)
        full.waitUntilExit()
        full = try startFull(port: port)
        try await waitFor("the light node redials the restarted full node", timeout: .seconds(60)) {
            status(lightData + "/data")?.network.peers.count == 1 && status(fullData + "/data")?.network.peers.count == 1
        }
        try await waitFor("the archive survived SIGKILL") { try await Set(history()) == ["one", "two", "three"] }

        // Bad input is an error a user can act on, with a non-zero exit.
        let bad = try await ParleyProcess.run(["post", "--data-dir", lightData + "/data", "--topic", "0x12", "--password", "x", "hi"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("topic"))
        full.terminate()
        light.terminate()
        try await ParleyProcess.waitForExit(full)
        try await ParleyProcess.waitForExit(light)
    }
}

