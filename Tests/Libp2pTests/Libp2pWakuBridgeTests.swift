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
import WakuStore
@testable import Libp2p

/// The shipped Waku plugins, unchanged, over libp2p: every node on libp2p, and a bridge where a light
/// node on libp2p reaches a light node on devp2p through one full node that runs both transports.
@Suite(.serialized) struct Libp2pWakuBridgeTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), Libp2pPlugin.factory(), StaticPeersPlugin.factory(),
                                               BootstrapPlugin.factory(), BootstrapPeersPlugin.factory()])
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path
    let topic = Topic(0xb81d_0001)

    struct Node {
        let kernel: Kernel
        /// How other nodes' Waku sessions name this node: its libp2p peer id when it speaks only libp2p.
        let wakuID: PeerID
        let peers: WakuPeers
        let sender: ServiceHandoff<WakuSender>
        let receiver: ServiceHandoff<WakuReceiver>
        let relay: RelayStats
    }

    func start(_ name: String, _ profile: String, peers staticPeers: [String]) async throws -> Node {
        let peers = WakuPeers(), sender = ServiceHandoff<WakuSender>(), receiver = ServiceHandoff<WakuReceiver>(), relay = RelayStats()
        let registry = harness.registry(including: [
            WakuPlugin.factory(peers: peers), SendPlugin.factory(handoff: sender), ReceivePlugin.factory(handoff: receiver),
            RelayPlugin.factory(stats: relay), StorePlugin.factory(), HistoryPlugin.factory(),
        ])
        var overrides = ["send.pow=0.00001", "history.timeout-seconds=3"]
        if profile.contains("libp2p") || profile.contains("dual") { overrides += ["libp2p.host=127.0.0.1", "libp2p.port=0"] }
        if !profile.contains("libp2p") { overrides += ["devp2p.host=127.0.0.1", "devp2p.port=0"] }
        if profile.hasPrefix("bootstrap") { overrides = overrides.filter { !$0.hasPrefix("send.") && !$0.hasPrefix("history.") } }
        if !staticPeers.isEmpty { overrides.append("static-peers.peers=[\(staticPeers.joined(separator: ","))]") }
        let kernel = try harness.kernel(name, registry: registry)
        try await kernel.start(try ProfileLoader.load(path: "\(Self.profiles)/\(profile).yaml", overrides: overrides))
        let wakuID = profile.contains("libp2p") ? PeerID(Libp2pPlugin.peerID(of: kernel.identity).bytes) : kernel.identity.peerID
        return Node(kernel: kernel, wakuID: wakuID, peers: peers, sender: sender, receiver: receiver, relay: relay)
    }

    func multiaddr(of node: Node) async throws -> String {
        let port = try #require(await node.kernel.status().network.listenPorts["libp2p"])
        return "/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: node.kernel.identity).base58)"
    }

    func enode(of node: Node) async throws -> String {
        node.kernel.identity.enode(host: "127.0.0.1", port: try #require(await node.kernel.status().network.listenPorts["devp2p"]))
    }

    /// Posts from `from` until `to` receives it (the first post may race the Waku status exchange).
    func relayed(from: Node, to: Node, via relay: Node, text: String) async throws -> ReceivedMessage {
        try await relayed(from: from, to: to, via: [relay], text: text)
    }

    func relayed(from: Node, to: Node, via relays: [Node], text: String) async throws -> ReceivedMessage {
        // Subscribe only once the receiver's own side of a session with a relay is up, so its interest
        // update goes out on that session (the devp2p FiveNodeTests shows the same race under load).
        // (A dual relay is known by a different peer id on each transport, so ask for any session: the
        // receivers here are light nodes whose only peers are the relays.)
        try await eventually("the receiver has a Waku session with a relay", timeout: .seconds(20)) {
            !(await to.peers.peerIDs.isEmpty)
        }
        let key = try SymKey(password: "libp2p-bridge")
        let receiver = try #require(await to.receiver.value)
        let live = await receiver.messages(matching: MessageFilter(topics: [topic], keys: [.symmetric(key)]))
        // The relay forwards to a light node only once it knows the node's topic interest.
        try await eventually("the relays see the receiver's topic interest", timeout: .seconds(20)) {
            var linked = 0
            for relay in relays {
                guard let session = await relay.peers.session(for: to.wakuID) else { continue }
                guard await session.remote.interest == .topics([topic]) else { return false }
                linked += 1
            }
            return linked > 0
        }
        let sender = try #require(await from.sender.value)
        let hash = try await sender.post(OutgoingMessage(topic: topic, payload: Array(text.utf8), encryption: .symmetric(key),
                                                         signer: from.kernel.identity.privateKey))
        let message = try await withThrowingTaskGroup(of: ReceivedMessage?.self) { group in
            group.addTask { for await message in live where message.envelope.hash == hash { return message }; return nil }
            group.addTask { try await Task.sleep(for: .seconds(15)); return nil }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        return try #require(message, "\(text) did not arrive")
    }

    func wakuPeers(_ node: Node) async -> Int { await node.peers.peerIDs.count }

    @Test(.timeLimit(.minutes(2))) func wakuOverLibp2pOnly() async throws {
        defer { harness.cleanUp() }
        let full = try await start("full", "full-libp2p", peers: [])
        let address = try await multiaddr(of: full)
        let light1 = try await start("light1", "light-libp2p", peers: [address])
        let light2 = try await start("light2", "light-libp2p", peers: [address])
        try await eventually("both light nodes have a Waku session with the full node", timeout: .seconds(20)) {
            await wakuPeers(full) == 2
        }
        let before = await full.relay.flooded
        let message = try await relayed(from: light1, to: light2, via: full, text: "over libp2p")
        #expect(message.payload == Array("over libp2p".utf8))
        try await eventually("the full node counted the relayed envelope") { await full.relay.flooded > before }
        let status = await full.kernel.status().network
        #expect(status.peers.count == 2 && status.peers.allSatisfy { $0.transport == "libp2p" && $0.protocols.contains("waku/1") })
        for node in [light1, light2, full] { await node.kernel.stop() }
    }

    /// The five-node shape of WakuStoreTests/FiveNodeTests with every node on libp2p: the nodes know only the
    /// bootstrap node's multiaddr and find each other over /parley/pex/1.
    @Test(.timeLimit(.minutes(2))) func fiveNodesOnLibp2pFindEachOtherThroughABootstrapNode() async throws {
        defer { harness.cleanUp() }
        let boot = try await start("boot", "bootstrap-libp2p", peers: [])
        let address = try await multiaddr(of: boot)
        let full1 = try await start("full1", "full-libp2p", peers: [address])
        let full2 = try await start("full2", "full-libp2p", peers: [address])
        let light1 = try await start("light1", "light-libp2p", peers: [address])
        let light2 = try await start("light2", "light-libp2p", peers: [address])
        func linked(_ a: Node, _ b: Node) async -> Bool { await a.peers.session(for: b.wakuID) != nil }
        try await eventually("the full nodes found each other", timeout: .seconds(30)) { await linked(full1, full2) }
        for light in [light1, light2] {
            try await eventually("a light node reached a full node", timeout: .seconds(30)) {
                if await linked(light, full1) { return true }
                return await linked(light, full2)
            }
        }
        #expect(await boot.peers.peerIDs.isEmpty)   // the bootstrap node speaks no waku
        let message = try await relayed(from: light1, to: light2, via: [full1, full2], text: "five nodes on libp2p")
        #expect(message.signer == light1.kernel.identity.publicKey)
        for node in [light1, light2, full1, full2, boot] { await node.kernel.stop() }
    }

    @Test(.timeLimit(.minutes(2))) func aDualFullNodeBridgesLibp2pAndDevp2p() async throws {
        defer { harness.cleanUp() }
        let dual = try await start("dual", "full-dual", peers: [])
        let onLibp2p = try await start("light-libp2p", "light-libp2p", peers: [try await multiaddr(of: dual)])
        let onDevp2p = try await start("light-devp2p", "light", peers: [try await enode(of: dual)])
        try await eventually("the dual node has a Waku session on each transport", timeout: .seconds(20)) {
            await wakuPeers(dual) == 2
        }
        let status = await dual.kernel.status().network
        #expect(Set(status.peers.map(\.transport)) == ["libp2p", "devp2p"])
        #expect(status.transports.contains("libp2p") && status.transports.contains("devp2p"))
        let across = try await relayed(from: onLibp2p, to: onDevp2p, via: dual, text: "libp2p to devp2p")
        #expect(across.signer == onLibp2p.kernel.identity.publicKey)
        let back = try await relayed(from: onDevp2p, to: onLibp2p, via: dual, text: "devp2p to libp2p")
        #expect(back.payload == Array("devp2p to libp2p".utf8))
        for node in [onLibp2p, onDevp2p, dual] { await node.kernel.stop() }
    }
}
