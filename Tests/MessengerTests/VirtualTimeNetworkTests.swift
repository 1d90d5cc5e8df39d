import DataSync
import Foundation
import Kernel
@testable import Messenger
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
import WakuProtocol
import WakuStore

/// Five kernels on the memory transport sharing one `ManualClock`: two full nodes (relay + 30-day store),
/// Alice and Bob on light nodes with the messenger, Carol on a plain light node. Every timer of every
/// node runs on the shared clock, so MVDS retransmission, history catch-up and store retention advance
/// only when the test advances the clock — no wall-clock sleeps; real time only bounds the waits.
@Suite(.serialized) struct VirtualTimeNetworkTests {
    let clock = ManualClock()
    let harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory()])
    let topic = Topic(0x7173_0001)
    /// One MVDS epoch of the messenger (its default, 300 ms).
    let epoch = Duration.milliseconds(300)

    struct Node {
        let name: String
        let kernel: Kernel
        let peers: WakuPeers
        let sender: ServiceHandoff<WakuSender>
        let receiver: ServiceHandoff<WakuReceiver>
        let archive: ServiceHandoff<EnvelopeArchive>
        let history: ServiceHandoff<StoreHistoryClient>
        var id: PeerID { kernel.identity.peerID }

        /// The running messenger (a service of the node's `messenger` plugin).
        func messenger() throws -> Messenger { try #require(kernel.service(MessengerPlugin.messengerKey)) }
    }

    /// Starts `name` on the memory transport, dialling `dial`; `full` adds relay and store, `account` the messenger.
    func start(_ name: String, full: Bool = false, dial: [String] = [], account: MessengerAccount? = nil) async throws -> Node {
        let peers = WakuPeers(), sender = ServiceHandoff<WakuSender>(), receiver = ServiceHandoff<WakuReceiver>()
        let archive = ServiceHandoff<EnvelopeArchive>(), history = ServiceHandoff<StoreHistoryClient>()
        let registry = harness.registry(including: [
            WakuPlugin.factory(peers: peers), SendPlugin.factory(handoff: sender), ReceivePlugin.factory(handoff: receiver),
            RelayPlugin.factory(), StorePlugin.factory(handoff: archive), HistoryPlugin.factory(handoff: history),
            MessengerPlugin.factory(account: account),
        ])
        var yaml = """
            node: { peers: { target: 3, max: 8 } }
            plugins:
              memory: { name: \(name) }
              static-peers: { peers: [\(dial.map { "\"memory://\($0)\"" }.joined(separator: ", "))] }
              waku: {}
              send: { pow: 0.00001 }
              receive: { advertise-interest: true }
              history: { timeout-seconds: 3 }

            """
        if full { yaml += "  relay: {}\n  store: { retention-days: 30 }\n" }
        if account != nil { yaml += "  messenger: {}\n" }
        let kernel = try harness.kernel(name, registry: registry, clock: clock)
        try await kernel.start(harness.profile(name, yaml))
        return Node(name: name, kernel: kernel, peers: peers, sender: sender, receiver: receiver, archive: archive, history: history)
    }

    func linked(_ a: Node, _ b: Node) async throws {
        try await eventually("\(a.name) and \(b.name) speak waku/1") {
            if await a.peers.session(for: b.id) == nil { return false }
            return await b.peers.session(for: a.id) != nil
        }
    }

    var unixNow: UInt32 { UInt32(clock.now().timeIntervalSince1970) }

    /// Whether `archive` holds an envelope with `hash` on `topic` sent around `sent`.
    func holds(_ archive: EnvelopeArchive, _ hash: EnvelopeHash, on topic: Topic, sentAround sent: UInt32) async throws -> Bool {
        try await archive.page(HistoryQuery(from: sent - 60, to: sent + 60, topics: [topic])).envelopes.contains { $0.hash == hash }
    }

    /// The messenger's pending MVDS messages to `peer`.
    func pending(_ messenger: Messenger, to peer: PublicKey) async throws -> [SyncRecord] {
        try await messenger.sync.pendingRecords().filter { $0.kind == .message && $0.peer == SyncPeerID(peer) }
    }

    func has(_ messenger: Messenger, _ text: String, in chat: String) async -> Int {
        (try? await messenger.messages(in: chat).filter { $0.text == text }.count) ?? 0
    }

    @Test(.timeLimit(.minutes(3))) func retransmissionHistoryAndRetentionAdvanceWithTheManualClock() async throws {
        defer { harness.cleanUp() }
        let aliceAccount = try MessengerAccount.generate().account, bobAccount = try MessengerAccount.generate().account
        let bobKey = bobAccount.identity.publicKey, aliceKey = aliceAccount.identity.publicKey
        let full1 = try await start("full1", full: true)
        let full2 = try await start("full2", full: true, dial: ["full1"])
        let alice = try await start("alice", dial: ["full1"], account: aliceAccount)
        var bob = try await start("bob", dial: ["full2"], account: bobAccount)
        var carol = try await start("carol", dial: ["full2"])
        try await linked(full2, full1)
        try await linked(alice, full1)
        try await linked(bob, full2)
        try await linked(carol, full2)
        let archive1 = try #require(await full1.archive.value), archive2 = try #require(await full2.archive.value)
        let am = try alice.messenger()
        var bm = try bob.messenger()

        // Start-up on virtual time: both messengers publish their contact codes; full1 archives both.
        try await clock.advance(step: epoch, until: "both contact codes archived on full1", maxSteps: 200) {
            let codes = [StatusTopic.contactCode(of: aliceKey), StatusTopic.contactCode(of: bobKey)]
            let page = try await archive1.page(HistoryQuery(from: unixNow - 3600, to: unixNow + 60, topics: codes))
            return Set(page.envelopes.map(\.topic)) == Set(codes)
        }

        // 1:1 while both are online: X3DH from Bob's contact code, MVDS on the epoch ticks, Bob's ACK.
        try await am.addContact(bobKey)
        _ = try await am.sendText("hi bob", to: .oneToOne(bobKey))
        let aliceChat = bm.chatID(with: aliceKey)
        try await clock.advance(step: epoch, until: "\"hi bob\" arrives and is acknowledged", maxSteps: 200) {
            guard await has(bm, "hi bob", in: aliceChat) == 1 else { return false }
            return try await pending(am, to: bobKey).isEmpty
        }

        // Bob and Carol go offline. Alice writes Bob (MVDS) and posts an envelope on `topic` (for Carol).
        await bob.kernel.stop()
        await carol.kernel.stop()
        _ = try await am.sendText("while you were away", to: .oneToOne(bobKey))
        let key = try SymKey(password: "virtual-time")
        let aliceSender = try #require(await alice.sender.value)
        let sentAt = unixNow
        let missed = try await aliceSender.post(OutgoingMessage(topic: topic, payload: Array("missed it".utf8), encryption: .symmetric(key),
                                                                signer: alice.kernel.identity.privateKey))
        try await eventually("both stores archived the envelope Carol misses") {
            let inFirst = try await holds(archive1, missed, on: topic, sentAround: sentAt)
            let inSecond = try await holds(archive2, missed, on: topic, sentAround: sentAt)
            return inFirst && inSecond
        }

        // MVDS retransmission: the message left at once (no epoch wait); then, one epoch at a time, the
        // record to offline Bob is retransmitted on Parley's schedule (1, 2, 4, 8, 16 epochs apart), and each
        // send is a fresh envelope the stores see.
        let record = try #require(try await pending(am, to: bobKey).first)
        #expect(record.sendCount == 1, "sent at once, before any epoch tick")
        let insertedBefore = await archive1.inserted
        var sendSteps: [Int] = [], sent = record.sendCount
        for step in 0..<40 {
            await clock.advance(by: epoch, settling: .seconds(10))
            let count = try #require(try await pending(am, to: bobKey).first { $0.messageID == record.messageID }).sendCount
            if count > sent { sendSteps.append(step) }
            #expect(count - sent <= 1, "at most one send per epoch (step \(step))")
            sent = count
        }
        #expect(sendSteps == [1, 3, 7, 15, 31], "retransmitted in epochs \(sendSteps) after it was written")
        try await eventually("full1 archived every transmission as a fresh envelope") {
            await archive1.inserted - insertedBefore >= sendSteps.count
        }

        // History catch-up: Carol comes back and fetches what she missed from a store peer; the replay
        // goes through her normal receive path.
        carol = try await start("carol", dial: ["full2"])
        try await linked(carol, full2)
        let carolReceiver = try #require(await carol.receiver.value)
        let replay = await carolReceiver.messages(matching: MessageFilter(topics: [topic], keys: [.symmetric(key)]))
        let client = try #require(await carol.history.value)
        let page = try await client.fetch(HistoryQuery(from: sentAt - 120, to: unixNow + 60, topics: [topic]))
        #expect(page.envelopes.map(\.hash) == [missed])
        let replayed = try await first(of: replay)
        #expect(replayed.envelope.hash == missed)
        #expect(replayed.payload == Array("missed it".utf8))
        if case .history = replayed.origin {} else { Issue.record("the replay came as \(replayed.origin), not from history") }

        // Bob comes back: catch-up and the next retransmission bring the message (exactly once), and his
        // ACK at his next epoch ends Alice's retransmissions.
        bob = try await start("bob", dial: ["full2"], account: bobAccount)
        try await linked(bob, full2)
        bm = try bob.messenger()
        try await clock.advance(step: epoch, until: "Bob reads the message and Alice's record is acknowledged", maxSteps: 400) {
            guard await has(bm, "while you were away", in: aliceChat) >= 1 else { return false }
            return try await pending(am, to: bobKey).isEmpty
        }
        #expect(await has(bm, "while you were away", in: aliceChat) == 1)
        #expect(await has(bm, "hi bob", in: aliceChat) == 1)

        // Store retention: 31 days later the stores' prune timers fire and drop the envelope; one posted
        // after the jump stays.
        await clock.advance(by: .seconds(31 * 86_400), settling: .seconds(5))
        try await eventually("both stores pruned the 31-day-old envelope") {
            let inFirst = try await holds(archive1, missed, on: topic, sentAround: sentAt)
            let inSecond = try await holds(archive2, missed, on: topic, sentAround: sentAt)
            return !inFirst && !inSecond
        }
        let freshAt = unixNow
        let fresh = try await aliceSender.post(OutgoingMessage(topic: topic, payload: Array("fresh".utf8), encryption: .symmetric(key),
                                                               signer: alice.kernel.identity.privateKey))
        try await eventually("full1 archived the fresh envelope") { try await holds(archive1, fresh, on: topic, sentAround: freshAt) }
        await clock.advance(by: .seconds(3600), settling: .seconds(5))  // the next prune pass
        #expect(try await holds(archive1, fresh, on: topic, sentAround: freshAt))

        for node in [carol, bob, alice, full2, full1] { await node.kernel.stop() }
    }

    /// The first message of `stream`; fails after 10 s of real time instead of hanging.
    func first(of stream: AsyncStream<ReceivedMessage>) async throws -> ReceivedMessage {
        try await withThrowingTaskGroup(of: ReceivedMessage?.self) { group in
            group.addTask {
                for await message in stream { return message }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return nil
            }
            defer { group.cancelAll() }
            guard let message = try await group.next() ?? nil else { throw TimedOut(what: "a replayed message") }
            return message
        }
    }
}
