@testable import Devp2p
import Kernel
import Primitives
import Testing
import TestKit

/// The node tells a peer why it hangs up, also when the Hellos disagree (found with Trinity, see
/// TrinityInteropTests; this one needs no Python).
@Suite(.serialized) struct DisconnectDeliveryTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory()])

    @Test func aPeerWithoutSharedCapabilitiesIsToldItIsUseless() async throws {
        defer { harness.cleanUp() }
        let node = try harness.kernel("node", registry: harness.registry(including: [EchoPlugin.factory()]))
        try await node.start(harness.profile("node", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: }"))
        let port = try #require(await node.status().network.listenPorts["devp2p"])
        let peer = try await HostileRLPxPeer.connect(port: port, remote: node.identity.publicKey)
        // Version-5 Hello announcing only other/3; the node's Hello comes first, then its Disconnect.
        try await peer.handshake(capabilities: [CapabilityAnnouncement(name: "other", version: 3)])
        let (frameSize, bodyLength) = try peer.codec!.openHeader(try await peer.read(RLPxFrameCodec.headerSize))
        let frame = try peer.codec!.openBody(try await peer.read(bodyLength), frameSize: frameSize)
        #expect(frame.first == UInt8(BaseMessage.disconnect))
        let payload = try Snappy.decompress(Array(frame.dropFirst()), maxLength: 1024)
        #expect(DisconnectMessage.decode(payload).code == DisconnectReason.uselessPeer.code)
        #expect(await peer.waitClosed(within: .seconds(5)))
        #expect(await node.network.status().peers.isEmpty)
        await node.stop()
    }
}
