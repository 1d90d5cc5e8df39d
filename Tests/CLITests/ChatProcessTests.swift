import Foundation
import Kernel
import NodeControl
import Testing

/// `parley chat` against `parley node` processes running `chat-light` with accounts from `parley account`.
@Suite(.serialized) struct ChatProcessTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pc-\(UUID().uuidString.prefix(8))").path
    static let alicePhrase = "coin globe kit hamster notable proof orphan always mistake usual morning usage"
    static let bobPhrase = "vocal blouse script census island armor seek catch wool narrow peasant attract"

    func status(_ dataDir: String) -> NodeStatusReport? {
        (try? ControlClient.send(ControlRequest(command: .status), path: dataDir + "/control.sock"))?.status
    }

    func waitFor(_ what: String, timeout: Duration = .seconds(40), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out: \(what)")
        throw CancellationError()
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
    }

    @Test(.timeLimit(.minutes(4))) func twoPeopleChatThroughTheirNodes() async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profiles = ParleyProcess.repositoryRoot.appendingPathComponent("profiles").path
        let quick = ["--set", "devp2p.host=127.0.0.1", "--set", "devp2p.port=0", "--set", "send.pow=0.00001", "--set", "history.timeout-seconds=3"]
        let full = directory + "/full"
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        let fullNode = try ParleyProcess.start(["node", "--profile", profiles + "/full.yaml", "--data-dir", full + "/data"] + quick, logDirectory: full)
        defer { if fullNode.isRunning { fullNode.terminate() } }
        var enode = ""
        try await waitFor("the full node listens") {
            enode = status(full + "/data")?.network.listenAddresses.first { $0.hasPrefix("enode://") } ?? ""
            return !enode.isEmpty
        }

        var nodes: [Process] = []
        defer { for node in nodes where node.isRunning { node.terminate() } }
        for (name, phrase) in [("alice", Self.alicePhrase), ("bob", Self.bobPhrase)] {
            let home = directory + "/" + name
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            let imported = try await ParleyProcess.run(["account", "import", "--data-dir", home], stdin: phrase + "\nsecret-\(name)\n")
            #expect(imported.status == 0, "\(imported.stderr)")
            try "secret-\(name)\n".write(toFile: home + "/pass", atomically: true, encoding: .utf8)
            nodes.append(try ParleyProcess.start(["node", "--profile", profiles + "/chat-light.yaml", "--data-dir", home + "/data",
                                                  "--set", "static-peers.peers=[\"\(enode)\"]", "--set", "messenger.accounts-directory=\(home)",
                                                  "--set", "messenger.passphrase-file=\(home)/pass"] + quick, logDirectory: home))
        }
        let alice = directory + "/alice/data", bob = directory + "/bob/data"
        try await waitFor("both chat nodes are connected") {
            (status(alice)?.network.peers.count ?? 0) >= 1 && (status(bob)?.network.peers.count ?? 0) >= 1
        }
        var bobKey = ""
        try await waitFor("bob's messenger answers") {
            let whoami = try await ParleyProcess.run(["chat", "whoami", "--data-dir", bob])
            bobKey = (try? json(whoami.stdout)["chatKey"] as? String) ?? ""
            return !bobKey.isEmpty
        }
        let aliceWho = try json(try await ParleyProcess.run(["chat", "whoami", "--data-dir", alice]).stdout)
        let aliceKey = try #require(aliceWho["chatKey"] as? String)
        #expect((aliceWho["zq3"] as? String)?.hasPrefix("zQ3") == true)

        // Bob's notifier (its own process) runs a command for each new message.
        let marker = directory + "/notified.txt"
        let notifyLogs = directory + "/notify"
        try FileManager.default.createDirectory(atPath: notifyLogs, withIntermediateDirectories: true)
        let notifier = try ParleyProcess.start(["chat", "notify", "--data-dir", bob, "--count", "1", "--seconds", "60",
                                                "--exec", "printf '%s|%s' \"$PARLEY_TEXT\" \"$PARLEY_SENDER\" > \(marker)"], logDirectory: notifyLogs)
        defer { if notifier.isRunning { notifier.terminate() } }
        try await waitFor("bob's notifier is subscribed") {
            ((try? String(contentsOfFile: notifyLogs + "/stderr.log", encoding: .utf8)) ?? "").contains("listening for new messages")
        }
        let added = try await ParleyProcess.run(["chat", "add-contact", "--data-dir", alice, bobKey])
        #expect(added.status == 0, "\(added.stderr)")
        let sent = try await ParleyProcess.run(["chat", "send", "--data-dir", alice, bobKey, "hello from the command line"])
        #expect(sent.status == 0, "\(sent.stderr)")
        try await waitFor("bob reads it") {
            try await ParleyProcess.run(["chat", "read", "--data-dir", bob, aliceKey]).stdout.contains("hello from the command line")
        }
        try await ParleyProcess.waitForExit(notifier, timeout: .seconds(30))
        #expect(notifier.terminationStatus == 0, "\((try? String(contentsOfFile: notifyLogs + "/stderr.log", encoding: .utf8)) ?? "")")
        let notifyOut = (try? String(contentsOfFile: notifyLogs + "/stdout.log", encoding: .utf8)) ?? ""
        #expect(notifyOut.contains("hello from the command line"), "notify printed: \(notifyOut)")
        #expect((try? String(contentsOfFile: marker, encoding: .utf8)) == "hello from the command line|\(aliceKey)")

        // The interactive session: switch to Bob's chat and type a line.
        let session = try await ParleyProcess.run(["chat", "--data-dir", alice], stdin: "/to \(bobKey)\ntyped in the session\n/quit\n")
        #expect(session.status == 0, "\(session.stderr)")
        #expect(session.stdout.contains("you are"))
        try await waitFor("bob reads the typed line") {
            try await ParleyProcess.run(["chat", "read", "--data-dir", bob, aliceKey]).stdout.contains("typed in the session")
        }

        // A public chat, and a mistake a user can act on.
        for node in [alice, bob] { _ = try await ParleyProcess.run(["chat", "join", "--data-dir", node, "#parley-cli"]) }
        _ = try await ParleyProcess.run(["chat", "send", "--data-dir", bob, "#parley-cli", "bob in public"])
        try await waitFor("alice reads the public message") {
            try await ParleyProcess.run(["chat", "read", "--data-dir", alice, "#parley-cli"]).stdout.contains("bob in public")
        }
        let unknown = try await ParleyProcess.run(["chat", "send", "--data-dir", alice, "#never-joined", "hi"])
        #expect(unknown.status != 0 && unknown.stderr.contains("join the public chat"), "\(unknown.stderr)")
    }
}
