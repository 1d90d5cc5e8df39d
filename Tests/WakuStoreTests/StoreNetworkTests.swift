import Foundation
import Kernel
import MemoryTransport
import Primitives
import StaticPeers
import Testing
import TestKit
import WakuCore
import WakuProtocol
@testable import WakuStore

/// Store and history over the memory transport: a full node archives what it relays and serves pages;
/// a light node fetches them with cursors and fails over between store peers.
@Suite(.serialized) struct StoreNetworkTests {
    let harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory(), RelayPlugin.factory()])
    let topic = Topic(0x5107_e001)

    struct Node {
        let kernel: Kernel
        let peers: WakuPeers
        let sender: ServiceHandoff<WakuSender>
        let archive: ServiceHandoff<EnvelopeArchive>
        let history: ServiceHandoff<StoreHistoryClient>
    }

    func node(_ name: String, _ plugins: String, dial: [String] = [], clock: any NodeClock = SystemClock()) async throws -> Node {
        let peers = WakuPeers(), sender = ServiceHandoff<WakuSender>(), archive = ServiceHandoff<EnvelopeArchive>()
        let history = ServiceHandoff<StoreHistoryClient>()
        let registry = harness.registry(including: [WakuPlugin.factory(peers: peers), SendPlugin.factory(handoff: sender),
                                                    StorePlugin.factory(handoff: archive), HistoryPlugin.factory(handoff: history)])
        let kernel = try harness.kernel(name, registry: registry, clock: clock)
        var yaml = "plugins:\n  memory: { name: \(name) }\n  waku: {}\n" + plugins
        if !dial.isEmpty { yaml += "  static-peers: { peers: [\(dial.map { "\"memory://\($0)\"" }.joined(separator: ", "))] }\n" }
        try await kernel.start(harness.profile(name, yaml))
        return Node(kernel: kernel, peers: peers, sender: sender, archive: archive, history: history)
    }

    func waitForSession(_ node: Node, with other: Node) async throws {
        try await eventually("waku session \(node.kernel.identity.peerID.hex.prefix(6))→\(other.kernel.identity.peerID.hex.prefix(6))") {
            await node.peers.session(for: other.kernel.identity.peerID) != nil
        }
    }

    @Test(.timeLimit(.minutes(1))) func aLightNodePagesThroughAFullNodesArchive() async throws {
        defer { harness.cleanUp() }
        let full = try await node("sfull", "  relay: {}\n  store: {}\n")
        let light = try await node("slight", "  send: { pow: 0.00001 }\n  history: { timeout-seconds: 5 }\n", dial: ["sfull"])
        try await waitForSession(light, with: full)
        try await waitForSession(full, with: light)
        let key = try SymKey(password: "store-network-test")
        let sender = try #require(await light.sender.value)
        var posted: [EnvelopeHash] = []
        for i in 0..<5 {
            posted.append(try await sender.post(OutgoingMessage(topic: topic, payload: Array("history \(i)".utf8),
                                                                encryption: .symmetric(key), signer: PrivateKey.generate())))
        }
        let archive = try #require(await full.archive.value)
        try await eventually("the full node archived all five") { (try? await archive.count()) == 5 }

        let client = try #require(await light.history.value)
        let now = unixNow()
        let first = try await client.fetch(HistoryQuery(from: now - 60, to: now + 60, topics: [topic], limit: 2))
        #expect(first.envelopes.count == 2)
        #expect(first.cursor != nil)
        let all = try await client.fetchAll(HistoryQuery(from: now - 60, to: now + 60, topics: [topic], limit: 2))
        #expect(Set(all.map(\.hash)) == Set(posted))
        #expect(all.count == 5)
        #expect(await client.pagesFetched == 4)  // 1 + 3 pages
        // Another topic has nothing.
        let empty = try await client.fetch(HistoryQuery(from: now - 60, to: now + 60, topics: [Topic(1)]))
        #expect(empty.envelopes.isEmpty && empty.cursor == nil)
        // A query that is invalid is refused before it leaves the node.
        await #expect(throws: HistoryClientError.invalidQuery(.limitTooLarge(5000))) {
            try await client.fetch(HistoryQuery(from: 1, to: 2, topics: [topic], limit: 5000))
        }
        await light.kernel.stop()
        await full.kernel.stop()
    }

    @Test(.timeLimit(.minutes(1))) func theClientFailsOverFromAPeerThatDoesNotStore() async throws {
        defer { harness.cleanUp() }
        let clock = ManualClock()   // the history timeout runs on the node clock: it passes only when the test says so
        let relayOnly = try await node("frelay", "  relay: {}\n", clock: clock)
        let store = try await node("fstore", "  relay: {}\n  store: {}\n", clock: clock)
        // Both connection managers and the store's prune timer are parked: the store's `run` is serving
        // requests (a request sent earlier would be lost, and on a manual clock its timeout never fires).
        try await clock.waitForSleepers(3)
        let relayID = relayOnly.kernel.identity.peerID.hex
        let light = try await node("flight", """
              send: { pow: 0.00001 }
              history: { timeout-seconds: 0.5, store-nodes: ["enode://\(relayID)@127.0.0.1:1"] }

            """, dial: ["frelay", "fstore"], clock: clock)
        try await waitForSession(light, with: relayOnly)
        try await waitForSession(light, with: store)
        let archive = try #require(await store.archive.value)
        let envelope = try storeEnvelope("archived", topic: topic)
        try await archive.archive(envelope)
        let client = try #require(await light.history.value)
        async let fetched = client.fetch(HistoryQuery(from: 0, to: unixNow() + 60, topics: [topic]))
        // Three connection managers, the prune timer and the client's timeout on the preferred peer: the
        // request is out. Half a second of node time later the client gives up on it and asks the store.
        try await clock.waitForSleepers(5)
        clock.advance(by: .milliseconds(500))
        let page = try await fetched
        #expect(page.envelopes.map(\.hash) == [envelope.hash])
        #expect(await client.failovers == 1)  // the preferred peer stores nothing and timed out
        await light.kernel.stop()
        await store.kernel.stop()
        await relayOnly.kernel.stop()
    }

    @Test(.timeLimit(.minutes(1))) func noStorePeerIsAnErrorThatSaysWhy() async throws {
        defer { harness.cleanUp() }
        let light = try await node("alone", "  history: { timeout-seconds: 0.2 }\n")
        let client = try #require(await light.history.value)
        await #expect {
            try await client.fetch(HistoryQuery(from: 0, to: 10, topics: [topic]))
        } throws: { error in
            "\(error)".contains("no store peer is connected")
        }
        await light.kernel.stop()
    }

    @Test(.timeLimit(.minutes(1))) func badRequestsGetAnErrorCompletionAndAPenalty() async throws {
        defer { harness.cleanUp() }
        let full = try await node("bfull", "  store: {}\n")
        let client = try await node("bclient", "", dial: ["bfull"])
        try await waitForSession(client, with: full)
        try await waitForSession(full, with: client)
        let fullID = full.kernel.identity.peerID
        await client.peers.trust(fullID)
        let events = await client.peers.events()
        let session = try #require(await client.peers.session(for: fullID))
        // A well-formed request envelope asking for 5000 envelopes per page: refused with an error completion.
        let payload = MessagesRequestPayload(lower: 0, upper: 10, bloom: Bloom(topic: topic), topics: [topic], limit: 5000, cursor: nil)
        let request = try MailserverRequest.envelope(for: payload, nodeKey: client.kernel.identity.privateKey,
                                                     key: try SymKey(password: StoreDefaults.password), now: unixNow(), pow: 0.00001)
        try await session.send(code: .p2pRequest, payload: request.encoded())
        var completion: RequestCompletion?
        for await event in events {
            if case .requestComplete(let bytes, _) = event { completion = try RequestCompletion(bytes: bytes); break }
        }
        guard case .failed(let id, let message) = completion else { Issue.record("expected an error completion"); return }
        #expect(id == request.hash)
        #expect(message.contains("limit 5000 is too large"))
        // A request whose cursor is not 36 bytes is refused by name too.
        let badCursor = RLP.encode(.list([.uint(0), .uint(10), .bytes(Bloom(topic: topic).bytes), .list([.bytes(topic.bytes)]),
                                          .uint(10), .bytes([1, 2, 3]), .bool(true)]))
        let sealed = try Message.seal(payload: badCursor, to: .symmetric(try SymKey(password: StoreDefaults.password)),
                                      signWith: client.kernel.identity.privateKey)
        let badRequest = try Envelope(ttl: 50, topic: .zero, data: sealed, now: unixNow()).sealed(target: 0.00001, timeBudget: .seconds(5))
        let moreEvents = await client.peers.events()  // a fresh subscription: a stream's iterator is used once
        try await session.send(code: .p2pRequest, payload: badRequest.encoded())
        var second: RequestCompletion?
        for await event in moreEvents {
            if case .requestComplete(let bytes, _) = event { second = try RequestCompletion(bytes: bytes); break }
        }
        guard case .failed(let badID, let reason) = second else { Issue.record("expected an error completion"); return }
        #expect(badID == badRequest.hash)
        #expect(reason.contains("cursor must be 36 bytes"))
        // Garbage on code 126 is penalised (no id to answer to).
        try await session.send(code: .p2pRequest, payload: [0xde, 0xad, 0xbe, 0xef])
        let clientID = client.kernel.identity.peerID
        try await eventually("the store penalised the garbage request") {
            await full.peers.penalties(for: clientID).contains { $0.contains("malformed history request") }
        }
        await client.kernel.stop()
        await full.kernel.stop()
    }
}
