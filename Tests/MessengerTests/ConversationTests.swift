import ChatPayloads
import DataSync
import Foundation
import Kernel
import LocalNetwork
@testable import Messenger
import Primitives
import Testing
import TestKit
import WakuCore
import WakuProtocol
import WakuStore

/// Alice, Bob and Carol on separate light nodes behind a full node (RLPx on loopback): 1:1, public and
/// group messages, Bob offline for part of it, and every message arrives exactly once.
@Suite(.serialized) struct ConversationTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path
    let network = LocalNetwork(root: FileManager.default.temporaryDirectory.appendingPathComponent("parley-chat-\(UUID().uuidString)").path,
                               profiles: ConversationTests.profiles)
    let quick = ["send.pow=0.00001", "history.timeout-seconds=3"]

    /// Waits until `messenger` has a message with `text` in `chat`.
    func arrives(_ text: String, at messenger: Messenger, in chat: String, timeout: Duration = .seconds(20)) async throws {
        try await eventually("\"\(text)\" arrives in \(chat.prefix(12))", timeout: timeout) {
            (try? await messenger.messages(in: chat).contains { $0.text == text }) ?? false
        }
    }

    /// Waits until `full`'s store holds the contact code of every key.
    func contactCodesArchived(_ keys: [PublicKey], on full: LocalNode) async throws {
        let archive = try #require(try full.archive())
        let codes = Set(keys.map(StatusTopic.contactCode(of:)))
        try await eventually("contact codes published and archived", timeout: .seconds(20)) {
            let now = UInt32(Date().timeIntervalSince1970)
            let page = try await archive.page(HistoryQuery(from: now - 3600, to: now + 60, topics: Array(codes)))
            return Set(page.envelopes.map(\.topic)) == codes
        }
    }

    /// Whether `messenger` has nothing left to retransmit to `peer` (every message ACKed).
    func allAcknowledged(by peer: PublicKey, at messenger: Messenger) async throws -> Bool {
        try await messenger.sync.pendingRecords().allSatisfy { $0.kind != .message || $0.peer != SyncPeerID(peer) }
    }

    @Test(.timeLimit(.minutes(3))) func oneToOnePublicAndGroupWithBobOfflineForAWhile() async throws {
        defer { try? FileManager.default.removeItem(atPath: network.root) }
        let alice = try LocalAccount.generate(), bob = try LocalAccount.generate()
        let carol = try LocalAccount.generate()
        let full = try await network.start("full", role: "full", extra: quick)
        let enode = try await LocalNetwork.enode(of: full)
        let a = try await network.start("alice", role: "light", bootstrap: enode, account: alice, extra: quick)
        var b = try await network.start("bob", role: "light", bootstrap: enode, account: bob, extra: quick)
        let c = try await network.start("carol", role: "light", bootstrap: enode, account: carol, extra: quick)
        for node in [a, b, c] { try await node.waitForWaku(with: full) }
        let am = try await a.messenger(), cm = try await c.messenger()
        var bm = try await b.messenger()
        try await contactCodesArchived([alice, bob, carol].map(\.identity.publicKey), on: full)

        // 1:1 both ways: the first message starts X3DH from Bob's contact code, the reply comes back.
        try await am.addContact(bob.identity.publicKey)
        try await am.sendText("hi bob", to: .oneToOne(bob.identity.publicKey))
        let aliceChat = bm.chatID(with: alice.identity.publicKey), bobChat = am.chatID(with: bob.identity.publicKey)
        try await arrives("hi bob", at: bm, in: aliceChat)
        try await bm.sendText("hi alice", to: .oneToOne(alice.identity.publicKey))
        try await arrives("hi alice", at: am, in: bobChat)
        try await am.sendText("how are you?", to: .oneToOne(bob.identity.publicKey))
        try await arrives("how are you?", at: bm, in: aliceChat)

        // Other content: a sticker and a PNG image (media type sniffed, fallback text set).
        let png: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] + [UInt8](repeating: 7, count: 64)
        try await am.send(.sticker(hash: "Qm-sticker", pack: 1), to: .oneToOne(bob.identity.publicKey))
        try await am.send(.image(png), to: .oneToOne(bob.identity.publicKey))
        try await eventually("the sticker and the image arrive", timeout: .seconds(20)) {
            let messages = try await bm.messages(in: aliceChat)
            return messages.contains { $0.sticker == "Qm-sticker" } && messages.contains { $0.media == png }
        }
        await #expect(throws: MessengerError.self) {
            try await am.send(.image([1, 2, 3, 4]), to: .oneToOne(bob.identity.publicKey))  // not an image format
        }

        // Public chat.
        for messenger in [am, bm, cm] { try await messenger.joinPublicChat("parley-test") }
        try await am.sendText("hello #parley-test", to: .publicChat("parley-test"))
        try await arrives("hello #parley-test", at: bm, in: "parley-test")
        try await arrives("hello #parley-test", at: cm, in: "parley-test")

        // Group: Alice creates it with Bob and Carol; they join automatically; messages go pairwise.
        let group = try await am.createGroup(name: "trio", members: [bob.identity.publicKey, carol.identity.publicKey])
        try await eventually("Bob and Carol joined the group", timeout: .seconds(20)) {
            let state = try await am.groupState(group)
            return state.hasJoined(bob.identity.publicKey) && state.hasJoined(carol.identity.publicKey)
        }
        try await bm.sendText("bob in the group", to: .group(group))
        try await arrives("bob in the group", at: am, in: group)
        try await arrives("bob in the group", at: cm, in: group)
        // Carol is not an admin: her attempt to remove Bob is refused locally and by everyone else.
        await #expect(throws: MessengerError.notAdmin(group)) { try await cm.removeMember(bob.identity.publicKey, from: group) }

        // Bob goes offline; Alice writes 1:1, in public and in the group; Bob comes back and catches up.
        let archive = try #require(try full.archive())
        await b.stop()
        let archivedBefore = await archive.inserted
        try await am.sendText("while you were away", to: .oneToOne(bob.identity.publicKey))
        try await am.sendText("public while bob is away", to: .publicChat("parley-test"))
        try await am.sendText("group while bob is away", to: .group(group))
        try await arrives("group while bob is away", at: cm, in: group)
        // Archived by the full node: at least the public message and one MVDS payload each to Bob and Carol.
        try await eventually("the full node archived what Bob misses") { await archive.inserted - archivedBefore >= 3 }
        let back = UInt32(Date().timeIntervalSince1970)
        b = try await network.start("bob", role: "light", bootstrap: enode, account: bob, extra: quick)
        bm = try await b.messenger()
        try await arrives("while you were away", at: bm, in: aliceChat, timeout: .seconds(30))
        try await arrives("public while bob is away", at: bm, in: "parley-test", timeout: .seconds(30))
        try await arrives("group while bob is away", at: bm, in: group, timeout: .seconds(30))

        // Exactly once, after Bob's history catch-up has run and Alice has nothing left to retransmit to him.
        try await eventually("Bob caught up and Alice's MVDS messages to him are all acknowledged", timeout: .seconds(30)) {
            let fetched = (try? await bm.database.setting("history-fetched")).flatMap { UInt32(String(decoding: $0, as: UTF8.self)) } ?? 0
            guard fetched >= back else { return false }
            return try await allAcknowledged(by: bob.identity.publicKey, at: am)
        }
        let texts = try await bm.messages(in: aliceChat).map(\.text)
        #expect(texts.filter { $0 == "hi bob" }.count == 1)
        #expect(texts.filter { $0 == "while you were away" }.count == 1)
        #expect(try await bm.messages(in: "parley-test").filter { $0.text.contains("bob is away") }.count == 1)
        #expect(try await bm.messages(in: group).map(\.text).filter { $0 == "group while bob is away" }.count == 1)
        #expect(Set(try await am.messages(in: bobChat).filter { $0.media.isEmpty && $0.sticker == nil }.map(\.text))
                == ["hi bob", "hi alice", "how are you?", "while you were away"])

        for node in [c, b, a, full] { await node.stop() }
    }
}
