import Devp2p
import Kernel
import Primitives
import StaticPeers
import Testing
import TestKit
@testable import Bootstrap

/// The bootstrap flow over real RLPx on loopback TCP: A and B dial only S's enode and end up
/// connected to each other at the ports they announced.
@Suite(.serialized) struct BootstrapDevp2pTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory(),
                                               BootstrapPeersPlugin.factory()])

    func node(_ name: String, _ plugins: String, directory: BootstrapDirectory? = nil) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [BootstrapPlugin.factory(directory: directory)]))
        try await kernel.start(harness.profile(name, "plugins:\n  devp2p: { host: 127.0.0.1, port: 0 }\n" + plugins))
        return kernel
    }

    func port(_ kernel: Kernel) async throws -> UInt16 {
        try #require(await kernel.status().network.listenPorts["devp2p"])
    }

    @Test(.timeLimit(.minutes(1))) func twoNodesFindEachOtherThroughABootstrapNodeOverRLPx() async throws {
        defer { harness.cleanUp() }
        let directory = BootstrapDirectory()
        let s = try await node("s", "  bootstrap: {}\n", directory: directory)
        let enode = s.identity.enode(host: "127.0.0.1", port: try await port(s))
        let client = "  static-peers: { peers: [\"\(enode)\"] }\n  bootstrap-peers: { refresh-seconds: 1 }\n"
        let a = try await node("a", client)
        let b = try await node("b", client)
        let idA = a.identity.peerID, idB = b.identity.peerID
        try await eventually("A and B are connected over RLPx", timeout: .seconds(20)) {
            let aSeesB = await a.bootstrapConnectedIDs().contains(idB.hex)
            let bSeesA = await b.bootstrapConnectedIDs().contains(idA.hex)
            return aSeesB && bSeesA
        }
        // S lists each at the connection's host and the port it announced — its listening port,
        // not the ephemeral port it dialled from.
        let expected: Set<String> = [a.identity.enode(host: "127.0.0.1", port: try await port(a)),
                                     b.identity.enode(host: "127.0.0.1", port: try await port(b))]
        #expect(Set(await directory.addresses.map(\.description)) == expected)
        let statusB = await b.status()
        let toA = try #require(statusB.network.peers.first { $0.id == idA.hex })
        #expect(toA.protocols == ["pex/1"])
        #expect(toA.transport == "devp2p")
        #expect((statusB.network.sourceTraffic["bootstrap-peers"]?.packetsIn ?? 0) >= 2)
        #expect(await s.status().network.peers.count == 2)
        await a.stop()
        await b.stop()
        await s.stop()
    }
}
