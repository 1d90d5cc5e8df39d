@testable import Devp2p
import Kernel
import NIOCore
import StaticPeers
import Testing
import TestKit

/// Issue 16 item 2: queued sends never wait for a peer. A peer that stops reading fills its own bounded
/// outbound queue (further messages are refused, not buffered without end) while a healthy peer on the
/// same node keeps getting answers.
@Suite(.serialized) struct SlowPeerQueueTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory()])

    func node(_ name: String, _ yaml: String, echo: AsyncMessageQueue<EchoSession>? = nil) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [EchoPlugin.factory(sessions: echo)]))
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    @Test(.timeLimit(.minutes(1))) func aStalledPeersQueueFillsAndRefusesWhileAHealthyPeerIsServed() async throws {
        defer { harness.cleanUp() }
        let sessions = AsyncMessageQueue<EchoSession>()
        let hub = try await node("hub", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: }", echo: sessions)
        let port = try #require(await hub.status().network.listenPorts["devp2p"])

        // The stalled peer completes the handshake, then never reads again.
        let stalled = try await HostileRLPxPeer.connect(port: port, remote: hub.identity.publicKey)
        try await stalled.handshake(capabilities: [CapabilityAnnouncement(name: "echo", version: 1)])
        try await stalled.channel.setOption(ChannelOptions.autoRead, value: false).get()
        let healthy = try await node("healthy", """
            plugins:
              devp2p: { host: 127.0.0.1, port: 0 }
              echo:
              static-peers: { peers: ["\(hub.identity.enode(host: "127.0.0.1", port: port))"] }
            """)

        var streams: [PeerID: any ProtocolStream] = [:]
        while streams.count < 2, let session = await sessions.next(within: .seconds(10)) { streams[session.peer] = session.stream }
        let toStalled = try #require(streams[stalled.identity]), toHealthy = try #require(streams[healthy.identity.peerID])

        // 64 KiB messages (code 1: read and dropped by an echo server) until the stalled peer's queue refuses.
        let payload = [UInt8](repeating: 0x5a, count: 64 << 10)
        func fill() async throws -> (queued: Int, refused: Bool) {
            var queued = 0
            while queued < 4096 {
                if try await !toStalled.enqueue(FramedMessage(code: 1, payload: payload)) { return (queued, true) }
                queued += 1
            }
            return (queued, false)
        }
        let first = try await fill()
        #expect(first.refused, "the stalled peer's queue took \(first.queued) × 64 KiB without refusing")
        #expect(first.queued * payload.count <= Devp2pWriter.defaultByteLimit + payload.count)

        // The healthy peer is served meanwhile: queued and waited-for sends both reach it.
        for round in 0..<20 {
            let marker = Array("round \(round)".utf8)
            #expect(try await toHealthy.enqueue(FramedMessage(code: 0, payload: marker)))
            #expect(try await toHealthy.receive() == FramedMessage(code: 1, payload: marker))
        }

        // By now the socket buffers took what they could; the stalled queue refuses again soon, so what a
        // stalled peer holds stays bounded (queue limit + kernel socket buffers), however much is offered.
        let second = try await fill()
        #expect(second.refused)
        let held = (first.queued + second.queued) * payload.count
        #expect(held <= Devp2pWriter.defaultByteLimit + (16 << 20), "a stalled peer holds \(held >> 20) MiB")
        print("stalled peer: \(first.queued) + \(second.queued) × 64 KiB queued (\(held >> 20) MiB) in all; refused after each burst")
        stalled.channel.close(promise: nil)
        await healthy.stop()
        await hub.stop()
    }
}
