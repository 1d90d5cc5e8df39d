import Foundation
import Kernel
import Libp2pCore
import Primitives
import StaticPeers
import Testing
import TestKit
@testable import Libp2p

/// Live gossipsub interop with py-libp2p 0.8.1's GossipSub on 127.0.0.1 (`Tests/Interop/gossipsub_peer.py`):
/// both sides subscribe, GRAFT each other into the topic mesh, and publish in both directions, over
/// /meshsub/1.1.0 and /meshsub/1.0.0, with py-libp2p dialling Parley and Parley dialling py-libp2p.
@Suite(.serialized) struct PyGossipsubInteropTests {
    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory()])
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/gossipsub_peer.py")
    let topic = "parley-interop"

    /// Accepts anything, and py-libp2p's `from`/`seqno` (it always sets them; signing is off on both sides).
    struct LaxPolicy: PubsubTopicPolicy {
        func messageID(of data: [UInt8]) -> [UInt8] { SHA2.sha256(data) }
        func validate(_ data: [UInt8]) async -> PubsubValidation { .accept }
        var signaturePolicy: PubsubSignaturePolicy { .laxNoSign }
    }

    @Test(.enabled(if: PyLibp2pPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p gossipsub interop skipped"),
          arguments: [("/meshsub/1.1.0", true), ("/meshsub/1.0.0", false), ("/meshsub/1.1.0", false)])
    func meshAndPublishBothWays(pyProtocol: String, pyDials: Bool) async throws {
        defer { harness.cleanUp() }
        let py = try PyLibp2pPeer(arguments: ["YAMUX", pyProtocol, topic], script: Self.script)
        defer { py.terminate() }
        let hello = try await py.line(0)
        let pyAddr = try #require(hello["addr"] as? String)
        let pyPeer = try Libp2pPeerID(parsing: try #require(hello["peer_id"] as? String))

        let handoff = ServiceHandoff<any PubsubRouter>()
        let stats = GossipsubStats()
        let registry = harness.registry(including: [GossipsubPlugin.factory(stats: stats, handoff: handoff)])
        let kernel = try harness.kernel("parley", registry: registry)
        let peers = pyDials ? "" : ", static-peers: { peers: [\(pyAddr)] }"
        try await kernel.start(harness.profile("parley",
            "plugins: { libp2p: { host: 127.0.0.1, port: 0 }, gossipsub: { heartbeat-seconds: 0.2 }\(peers) }"))
        defer { Task { await kernel.stop() } }
        let router = try #require(await handoff.value as? GossipsubRouter)
        let received = await router.join(topic, policy: LaxPolicy())
        let parleyPeer = Libp2pPlugin.peerID(of: kernel.identity)
        var next = 1
        if pyDials {
            let port = try #require(await kernel.status().network.listenPorts["libp2p"])
            py.send("connect /ip4/127.0.0.1/tcp/\(port)/p2p/\(parleyPeer.base58)")
            #expect(try await py.line(next)["connected"] as? String == parleyPeer.base58)
            next += 1
        }
        let pyKernelPeer = PeerID(pyPeer.bytes)
        try await eventually("Parley grafted py-libp2p into its mesh", timeout: .seconds(20)) {
            await router.meshPeers(topic).contains(pyKernelPeer)
        }
        // py-libp2p's mesh holds Parley (its GRAFT was accepted, or Parley's GRAFT was).
        var pyMesh: [String] = []
        for _ in 0..<50 {
            py.send("mesh")
            let answer = try await py.line(next)
            next += 1
            pyMesh = answer["mesh"] as? [String] ?? []
            if pyMesh.contains(parleyPeer.base58) { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(pyMesh.contains(parleyPeer.base58), "py-libp2p mesh: \(pyMesh)\n\(py.transcript)")

        // Parley → py-libp2p.
        let outbound = Array("from parley over \(pyProtocol)".utf8)
        #expect(await router.publish(topic, data: outbound) == 1)
        let got = try await py.line(next)
        next += 1
        #expect(got["received"] as? String == Hex.encode(outbound), "\(py.transcript)")

        // py-libp2p → Parley.
        let inbound = Array("from py-libp2p".utf8)
        py.send("publish \(Hex.encode(inbound))")
        let delivery = try await withThrowingTaskGroup(of: PubsubDelivery?.self) { group in
            group.addTask { for await d in received { return d }; return nil }
            group.addTask { try await Task.sleep(for: .seconds(15)); return nil }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        let message = try #require(delivery, "py-libp2p's message did not arrive\n\(py.transcript)")
        #expect(message.data == inbound && message.propagationSource == pyKernelPeer)
        #expect(stats.snapshot.malformedRPCs == 0 && stats.snapshot.rejected == 0)
        await kernel.stop()
    }

    /// Parley PRUNEs py-libp2p: py-libp2p honours the backoff (no GRAFT back, Parley counts none during
    /// backoff), and a message it then misses (Parley publishes to its empty mesh, flood publishing off)
    /// reaches it through Parley's IHAVE and its IWANT.
    @Test(.enabled(if: PyLibp2pPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p gossipsub interop skipped"))
    func pruneBackoffIsHonouredAndIHaveIWantRecoversAMissedMessage() async throws {
        defer { harness.cleanUp() }
        let py = try PyLibp2pPeer(arguments: ["YAMUX", "/meshsub/1.1.0", topic], script: Self.script)
        defer { py.terminate() }
        let hello = try await py.line(0)
        let pyPeer = PeerID(try Libp2pPeerID(parsing: try #require(hello["peer_id"] as? String)).bytes)
        let handoff = ServiceHandoff<any PubsubRouter>()
        let stats = GossipsubStats()
        let kernel = try harness.kernel("parley", registry: harness.registry(including: [GossipsubPlugin.factory(stats: stats, handoff: handoff)]))
        try await kernel.start(harness.profile("parley",
            "plugins: { libp2p: { host: 127.0.0.1, port: 0 }, gossipsub: { heartbeat-seconds: 0.2, flood-publish: false } }"))
        defer { Task { await kernel.stop() } }
        let router = try #require(await handoff.value as? GossipsubRouter)
        _ = await router.join(topic, policy: LaxPolicy())
        let port = try #require(await kernel.status().network.listenPorts["libp2p"])
        let parleyPeer = Libp2pPlugin.peerID(of: kernel.identity)
        py.send("connect /ip4/127.0.0.1/tcp/\(port)/p2p/\(parleyPeer.base58)")
        var next = 1
        #expect(try await py.line(next)["connected"] as? String == parleyPeer.base58)
        next += 1
        try await eventually("meshed", timeout: .seconds(20)) { await router.meshPeers(topic).contains(pyPeer) }
        // Both meshes settled (py-libp2p has Parley too), so no GRAFT of py-libp2p's is still in flight.
        var settled = false
        for _ in 0..<50 where !settled {
            py.send("mesh")
            settled = (try await py.line(next)["mesh"] as? [String] ?? []).contains(parleyPeer.base58)
            next += 1
            if !settled { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(settled)
        try await Task.sleep(for: .milliseconds(1500))
        let graftsBefore = stats.snapshot.graftsDuringBackoff

        await router.prune(pyPeer, topic)
        // py-libp2p heartbeats every second and would re-GRAFT a lone peer at once; for 4 s it must not.
        try await Task.sleep(for: .seconds(4))
        #expect(stats.snapshot.graftsDuringBackoff == graftsBefore)
        #expect(await !router.meshPeers(topic).contains(pyPeer))
        py.send("mesh")
        let mesh = try await py.line(next)["mesh"] as? [String] ?? []
        next += 1
        #expect(!mesh.contains(parleyPeer.base58), "py-libp2p kept Parley in its mesh after the PRUNE: \(mesh)")

        let missed = Array("recovered through IHAVE/IWANT".utf8)
        #expect(await router.publish(topic, data: missed) == 0)    // nobody in the mesh: py-libp2p misses it
        let got = try await py.line(next, timeout: .seconds(15))
        #expect(got["received"] as? String == Hex.encode(missed), "\(py.transcript)")
        #expect(stats.snapshot.ihaveSent >= 1 && stats.snapshot.iwantServed >= 1)
        await kernel.stop()
    }
}
