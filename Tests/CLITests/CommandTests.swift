import Foundation
import Testing

/// The one-shot commands: plugins, profile check, enr.
@Suite struct CommandTests {
    let eip778 = "enr:-IS4QHCYrYZbAKWCBRlAy5zzaDZXJBGkcnh4MHcBFZntXNFrdvJjX04jRzjzCBOonrkTfj499SZuOh8R33Ls8RRcy5wBgmlkgnY0gmlwhH8AAAGJc2VjcDI1NmsxoQPKY0yuDUmstAHYpMa2_oxVtw0RW_QAdpzBQA8yWM0xOIN1ZHCCdl8"

    @Test func pluginsListsWhatEachProvidesAndRequires() async throws {
        let result = try await ParleyProcess.run(["plugins"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("static-peers"))
        #expect(result.stdout.contains("requires: transport"))
        #expect(result.stdout.contains("memory"))
    }

    @Test func profileCheckPrintsTheResolvedPlan() async throws {
        let result = try await ParleyProcess.run(["profile", "check", "profiles/demo/alice-direct.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("alice-direct"))
        #expect(result.stdout.contains("devp2p"))
        #expect(result.stdout.contains("static-peers"))
    }

    @Test func profileCheckNamesFileLineAndColumnOfABrokenProfile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/broken.yaml"
        try "plugins:\n  memory:\n    name: x\n  static-peer:\n    peers: []\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await ParleyProcess.run(["profile", "check", path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("broken.yaml:4:3"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'static-peers'"), "\(result.stderr)")
    }

    @Test func unknownSettingIsRejectedWithItsPath() async throws {
        let result = try await ParleyProcess.run(["profile", "check", "profiles/demo/alice.yaml", "--set", "static-peers.peer=[]"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("plugins.static-peers.peer"), "\(result.stderr)")
    }

    @Test func enrDecodePrintsEveryFieldAndTheSignatureCheck() async throws {
        let result = try await ParleyProcess.run(["enr", "decode", eip778])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["nodeId"] as? String == "a448f24c6d18e575453db13171562b71999873db5b286df957af199ec94617f7")
        #expect(json["seq"] as? Int == 1)
        #expect(json["signatureValid"] as? Bool == true)
        let pairs = try #require(json["pairs"] as? [String: Any])
        #expect(pairs["ip"] as? String == "127.0.0.1")
        #expect(pairs["udp"] as? Int == 30303)
        #expect(pairs["id"] as? String == "v4")
        #expect(pairs["secp256k1"] as? String == "0x03ca634cae0d49acb401d8a4c6b6fe8c55b70d115bf400769cc1400f3258cd3138")
    }

    @Test func enrNewReproducesTheEIP778RecordFromItsKey() async throws {
        let result = try await ParleyProcess.run([
            "enr", "new", "--key", "b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291",
            "--ip", "127.0.0.1", "--udp", "30303", "--seq", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == eip778)
    }

    @Test func enrDecodeRejectsGarbage() async throws {
        let result = try await ParleyProcess.run(["enr", "decode", "enr:AAAA"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not a valid ENR"))
    }
}
