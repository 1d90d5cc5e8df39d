import Bootstrap
import Devp2p
import Foundation
import Kernel
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
import WakuProtocol
@testable import WakuStore

/// The shipped profiles on real RLPx over loopback TCP: a bootstrap node, two full nodes and two light
/// nodes that know only the bootstrap node's enode URL.
@Suite(.serialized) struct FiveNodeTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory(), BootstrapPlugin.factory(),
                                               BootstrapPeersPlugin.factory()])
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path
    let topic = Topic(0xf17e_0001)

    struct Node {
        let name: String
        let kernel: Kernel
        let peers: WakuPeers
        let sender: ServiceHandoff<WakuSender>
        let receiver: ServiceHandoff<WakuReceiver>
        let archive: ServiceHandoff<EnvelopeArchive>
        let history: ServiceHandoff<StoreHistoryClient>
        let relay: RelayStats
        var id: PeerID { kernel.identity.peerID }
    }

    func profile(_ role: String, bootstrap: String?) throws -> Profile {
        var overrides = ["devp2p.host=127.0.0.1", "devp2p.port=0"]
        if let bootstrap { overrides.append("static-peers.peers=[\(bootstrap)]") }
        // Cheap PoW and a short history timeout keep the test quick; everything else is the shipped profile.
        if role != "bootstrap" { overrides += ["send.pow=0.00001", "history.timeout-seconds=3"] }
        return try ProfileLoader.load(path: "\(Self.profiles)/\(role).yaml", overrides: overrides)
    }

    func start(_ name: String, _ role: String, bootstrap: String?) async throws -> Node {
        let handles = (peers: WakuPeers(), sender: ServiceHandoff<WakuSender>(), receiver: ServiceHandoff<WakuReceiver>(),
                       archive: ServiceHandoff<EnvelopeArchive>(), history: ServiceHandoff<StoreHistoryClient>(), relay: RelayStats())
        let registry = harness.registry(including: [
            WakuPlugin.factory(peers: handles.peers), SendPlugin.factory(handoff: handles.sender),
            ReceivePlugin.factory(handoff: handles.receiver), RelayPlugin.factory(stats: handles.relay),
            StorePlugin.factory(handoff: handles.archive), HistoryPlugin.factory(handoff: handles.history),
        ])
        let kernel = try harness.kernel(name, registry: registry)
        try await kernel.start(profile(role, bootstrap: bootstrap))
        return Node(name: name, kernel: kernel, handles: handles)
    }

    func wakuLinked(_ a: Node, _ b: Node) async -> Bool { await a.peers.session(for: b.id) != nil }

    @Test(.timeLimit(.minutes(2))) func lightNodesTalkThroughFullNodesFetchHistoryAndAFullNodeGoesLight() async throws {
        defer { harness.cleanUp() }
        let boot = try await start("boot", "bootstrap", bootstrap: nil)
        let port = try #require(await boot.kernel.status().network.listenPorts["devp2p"])
        let enode = boot.kernel.identity.enode(host: "127.0.0.1", port: port)
        let full1 = try await start("full1", "full", bootstrap: enode)
        let full2 = try await start("full2", "full", bootstrap: enode)
        let light1 = try await start("light1", "light", bootstrap: enode)
        var light2 = try await start("light2", "light", bootstrap: enode)

        func linkedToAFullNode(_ light: Node) async -> Bool {
            if await wakuLinked(light, full1) { return true }
            return await wakuLinked(light, full2)
        }
        // Peer discovery: the full nodes and the light nodes find each other through the bootstrap node.
        try await eventually("the full nodes found each other", timeout: .seconds(20)) { await wakuLinked(full1, full2) }
        try await eventually("light1 reached a full node", timeout: .seconds(20)) {
            await linkedToAFullNode(light1)
        }
        try await eventually("light2 reached a full node", timeout: .seconds(20)) {
            await linkedToAFullNode(light2)
        }
        #expect(await boot.peers.peerIDs.isEmpty)  // the bootstrap node speaks no waku: it relays nothing

        // Light nodes advertise themselves as light with topic interest; full nodes as full.
        let key = try SymKey(password: "five-node-test")
        let receiver2 = try #require(await light2.receiver.value)
        let live = await receiver2.messages(matching: MessageFilter(topics: [topic], keys: [.symmetric(key)]))
        for full in [full1, full2] where await wakuLinked(full, light2) {
            try await eventually("\(full.name) sees light2's topic interest") {
                guard let session = await full.peers.session(for: light2.id) else { return false }
                let remote = await session.remote
                return remote.lightNode && remote.interest == .topics([topic])
            }
        }
        let viaFull1 = await light1.peers.session(for: full1.id)
        let viaFull2 = await light1.peers.session(for: full2.id)
        let toFull = try #require(viaFull1 ?? viaFull2)
        let fullState = await toFull.remote
        #expect(!fullState.lightNode)
        #expect(fullState.interest == .everything)

        // 1. Live: an envelope posted by light1 reaches light2 through the full nodes.
        let sender1 = try #require(await light1.sender.value)
        func post(_ text: String, on topic: Topic? = nil) async throws -> EnvelopeHash {
            try await sender1.post(OutgoingMessage(topic: topic ?? self.topic, payload: Array(text.utf8), encryption: .symmetric(key),
                                                   signer: light1.kernel.identity.privateKey))
        }
        func floodedByFullNodes() async -> Int { await full1.relay.flooded + full2.relay.flooded }
        let flooded1Before = await floodedByFullNodes()
        let first = try await post("hello light2")
        let received = try await firstMessage(live, within: .seconds(10))
        #expect(received.envelope.hash == first)
        #expect(received.payload == Array("hello light2".utf8))
        #expect(received.signer == light1.kernel.identity.publicKey)
        try await eventually("a full node relayed it") { await floodedByFullNodes() > flooded1Before }
        // A light node receives only what it asked for: an envelope on another topic never reaches it. A
        // marker on its topic, posted after it, travels the same sessions; once the marker is in, the
        // other envelope would have been too.
        let offTopic = Topic(0x0bad_0001)
        let fullArchives = [try #require(await full1.archive.value), try #require(await full2.archive.value)]
        let stray = try await post("not for light2", on: offTopic)
        try await eventually("the full nodes have the off-topic envelope") {
            for archive in fullArchives {
                if try await !holds(archive, stray, on: offTopic) { return false }
            }
            return true
        }
        let markers = await receiver2.messages(matching: MessageFilter(topics: [topic], keys: [.symmetric(key)]))
        let marker = try await post("marker")
        #expect(try await firstMessage(markers, within: .seconds(10)) { $0.envelope.hash == marker }.envelope.hash == marker)
        #expect(await receiver2.unmatched == 0)

        // 2. Offline: light2 goes away, light1 posts again, the store nodes archive it.
        let light2Data = light2.kernel
        await light2Data.stop()
        let second = try await post("while you were away")
        let archives = [try #require(await full1.archive.value), try #require(await full2.archive.value)]
        try await eventually("a store node archived the second envelope") {
            for archive in archives { if let all = try? await archive.count(), all >= 2 { return true } }
            return false
        }

        // 3. light2 comes back (same key, same data directory) and fetches it from a store node.
        light2 = try await start("light2", "light", bootstrap: enode)
        try await eventually("light2 is back on a full node", timeout: .seconds(20)) {
            await linkedToAFullNode(light2)
        }
        let back = try #require(await light2.receiver.value)
        let replay = await back.messages(matching: MessageFilter(topics: [topic], keys: [.symmetric(key)]))
        let client = try #require(await light2.history.value)
        let now = UInt32(Date().timeIntervalSince1970)
        let page = try await client.fetch(HistoryQuery(from: now - 120, to: now + 60, topics: [topic]))
        #expect(page.envelopes.map(\.hash).contains(second))
        // History goes through the normal receive path: the replayed envelope reaches the subscription.
        let replayedSecond = try await firstMessage(replay, within: .seconds(10)) { message in
            if case .history = message.origin { return message.envelope.hash == second }
            return false
        }
        #expect(replayedSecond.envelope.hash == second)

        // 4. full1 switches to light at runtime: it stops relaying, its connections stay up; `bootstrap-peers`
        //    restarts to stop announcing full1 as a peer worth handing out.
        let lost = EventLog(full1.kernel.events, PeerDisconnected.self)
        let connectedBefore = Set(await full1.kernel.status().network.peers.map(\.id))
        let report = try await full1.kernel.apply(profile("light", bootstrap: enode))
        #expect(Set(report.stopped) == ["relay", "store", "bootstrap-peers"])
        #expect(await !full1.kernel.runningPlugins.contains("relay"))
        if await wakuLinked(light1, full1) {
            try await eventually("light1 sees full1 turn light") {
                await light1.peers.session(for: full1.id)?.remote.lightNode == true
            }
        }
        let floodedBefore = await full1.relay.flooded
        let afterSwitch = try await post("after the switch")
        if await wakuLinked(light1, full2) {
            // Wait until the network has carried it (full2 archived it); full1, now light, flooded nothing.
            let archive2 = try #require(await full2.archive.value)
            try await eventually("full2 archived the envelope posted after the switch") { try await holds(archive2, afterSwitch, on: topic) }
        }
        #expect(await full1.relay.flooded == floodedBefore)
        let connectedAfter = Set(await full1.kernel.status().network.peers.map(\.id))
        #expect(connectedBefore.isSubset(of: connectedAfter))
        let drop = await lost.next(timeout: .milliseconds(100))
        #expect(drop == nil)

        for node in [light2, light1, full2, full1, boot] { await node.kernel.stop() }
    }

    /// Whether `archive` holds the envelope `hash` on `topic` (sent in the last two minutes).
    func holds(_ archive: EnvelopeArchive, _ hash: EnvelopeHash, on topic: Topic) async throws -> Bool {
        let now = UInt32(Date().timeIntervalSince1970)
        return try await archive.page(HistoryQuery(from: now - 120, to: now + 60, topics: [topic])).envelopes.contains { $0.hash == hash }
    }

    /// The first message of `stream` that satisfies `wanted`, or an error after `timeout`. Iterates the
    /// stream once (an AsyncStream has one consumer).
    func firstMessage(_ stream: AsyncStream<ReceivedMessage>, within timeout: Duration,
                      where wanted: @escaping @Sendable (ReceivedMessage) -> Bool = { _ in true }) async throws -> ReceivedMessage {
        try await withThrowingTaskGroup(of: ReceivedMessage?.self) { group in
            group.addTask {
                for await message in stream where wanted(message) { return message }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let message = try await group.next() ?? nil else { throw FiveNodeError.noMessage }
            return message
        }
    }
}

enum FiveNodeError: Error { case noMessage }

extension FiveNodeTests.Node {
    init(name: String, kernel: Kernel, handles: (peers: WakuPeers, sender: ServiceHandoff<WakuSender>, receiver: ServiceHandoff<WakuReceiver>,
                                                   archive: ServiceHandoff<EnvelopeArchive>, history: ServiceHandoff<StoreHistoryClient>,
                                                   relay: RelayStats)) {
        self.init(name: name, kernel: kernel, peers: handles.peers, sender: handles.sender, receiver: handles.receiver,
                  archive: handles.archive, history: handles.history, relay: handles.relay)
    }
}
