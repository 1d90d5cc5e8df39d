import Foundation
import Kernel
import LocalNetwork
import Messenger
import Testing
import TestKit

/// The messenger runs unchanged on light and full profiles: switching a chat node's role at runtime
/// keeps the messenger and the connections, and the chat goes on.
@Suite(.serialized) struct RoleSwitchTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path
    let network = LocalNetwork(root: FileManager.default.temporaryDirectory.appendingPathComponent("parley-role-\(UUID().uuidString)").path,
                               profiles: RoleSwitchTests.profiles)

    @Test(.timeLimit(.minutes(2))) func aChatNodeGoesFullAndBackWithoutRestartingTheMessenger() async throws {
        defer { try? FileManager.default.removeItem(atPath: network.root) }
        let quick = ["send.pow=0.00001", "history.timeout-seconds=3"]
        let alice = try LocalAccount.generate(), bob = try LocalAccount.generate()
        let full = try await network.start("full", role: "full", extra: quick)
        let enode = try await LocalNetwork.enode(of: full)
        let a = try await network.start("alice", role: "light", bootstrap: enode, account: alice, extra: quick)
        let b = try await network.start("bob", role: "light", bootstrap: enode, account: bob, extra: quick)
        for node in [a, b] { try await node.waitForWaku(with: full) }
        let am = try await a.messenger(), bm = try await b.messenger()
        let lost = EventLog(try a.running().events, PeerDisconnected.self)

        let toFull = try await network.switchRole(of: a, to: "full", bootstrap: enode, messenger: true, extra: quick)
        #expect(toFull.kept.contains("messenger"))
        // bootstrap-peers restarts because a full node announces itself to the bootstrap node and a light one does not.
        #expect(Set(toFull.started) == ["relay", "store", "bootstrap-peers"])
        #expect(try await a.running().runningPlugins.contains("relay"))

        try await am.addContact(bob.identity.publicKey)
        try await am.sendText("sent while full", to: .oneToOne(bob.identity.publicKey))
        try await eventually("bob receives it", timeout: .seconds(20)) {
            (try? await bm.messages(in: bm.chatID(with: alice.identity.publicKey)).contains { $0.text == "sent while full" }) ?? false
        }
        let toLight = try await network.switchRole(of: a, to: "light", bootstrap: enode, messenger: true, extra: quick)
        #expect(toLight.kept.contains("messenger"))
        #expect(Set(toLight.stopped) == ["relay", "store", "bootstrap-peers"])
        try await bm.sendText("and back to light", to: .oneToOne(alice.identity.publicKey))
        try await eventually("alice receives the reply", timeout: .seconds(20)) {
            (try? await am.messages(in: am.chatID(with: bob.identity.publicKey)).contains { $0.text == "and back to light" }) ?? false
        }
        let drop = await lost.next(timeout: .milliseconds(100))
        #expect(drop == nil)
        for node in [b, a, full] { await node.stop() }
    }
}
