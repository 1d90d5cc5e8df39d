@testable import Discv5
import Foundation
import Kernel
import Libp2pCore
import Primitives
import Testing
import TestKit

/// What the discovery source hands the connection manager: only records matching the profile's
/// `require-role` / `require-capabilities`, at a dialable address (enode from `ip` + `tcp`, or the libp2p
/// address from `multiaddrs` when this node runs libp2p).
@Suite struct PeerFilterTests {
    let key = PrivateKey.generate()

    func record(role: String?, capabilities: [String] = [], tcp: UInt16? = 30303, multiaddrs: [String] = []) throws -> NodeRecord {
        var pairs: [String: RLPItem] = ["ip": .bytes([10, 0, 0, 7]), "udp": .uint(9000)]
        if let tcp { pairs["tcp"] = .uint(UInt64(tcp)) }
        if let role { pairs["waku"] = WakuRecordEntry(role: role, capabilities: capabilities).item }
        pairs[MultiaddrsRecordEntry.key] = MultiaddrsRecordEntry(addresses: try multiaddrs.map { try Multiaddr(parsing: $0) }).item
        return try NodeRecord.build(seq: 1, pairs: pairs, signingWith: key)
    }

    func loop(role: String?, capabilities: [String]) async throws -> (Discv5DiscoveryLoop, Discv5Service) {
        var config = Discv5Config()
        config.requireRole = role
        config.requireCapabilities = capabilities
        let service = try await SessionLoopbackTests.node()
        let database = try NodeDatabase(path: ":memory:")
        let clock = ManualClock()
        return (Discv5DiscoveryLoop(config: config, service: service, source: Discv5DiscoverySource(clock: clock), database: database,
                                    clock: clock), service)
    }

    @Test func onlyFullNodesWithStore() async throws {
        let (loop, service) = try await loop(role: "full", capabilities: ["store"])
        let fullStore = try record(role: "full", capabilities: ["relay", "store"])
        let address = try #require(loop.address(for: fullStore))
        #expect(address == PeerAddress(scheme: "enode", peerID: PeerID(publicKey: key.publicKey), host: "10.0.0.7", port: 30303))
        #expect(loop.address(for: try record(role: "full", capabilities: ["relay"])) == nil)     // no store
        #expect(loop.address(for: try record(role: "light", capabilities: ["store"])) == nil)    // not full
        #expect(loop.address(for: try record(role: nil)) == nil)                                // says nothing
        #expect(loop.address(for: try record(role: "full", capabilities: ["store"], tcp: nil)) == nil)  // nowhere to dial
        #expect(loop.address(for: try record(role: "full", capabilities: ["store"], tcp: 0)) == nil)
        await service.stop()
    }

    @Test func noFilterTakesAnyDialableRecord() async throws {
        let (loop, service) = try await loop(role: nil, capabilities: [])
        #expect(loop.address(for: try record(role: nil)) != nil)
        #expect(loop.address(for: try record(role: "light")) != nil)
        #expect(loop.address(for: try record(role: nil, tcp: nil)) == nil)
        await service.stop()
    }

    @Test func aMalformedWakuEntryDoesNotMatchAFilter() throws {
        let bad = try NodeRecord.build(seq: 1, pairs: ["ip": .bytes([10, 0, 0, 7]), "tcp": .uint(1), "waku": .bytes([1, 2, 3])], signingWith: key)
        #expect(WakuRecordEntry(record: bad) == nil)
        #expect(!WakuRecordEntry.matches(bad, role: "full", capabilities: []))
        #expect(WakuRecordEntry.matches(bad, role: nil, capabilities: []))
    }

    @Test func theLibp2pAddressIsOfferedWhenThisNodeDialsLibp2p() async throws {
        let (loop, service) = try await loop(role: "full", capabilities: [])
        let both = try record(role: "full", multiaddrs: ["/ip4/10.0.0.7/tcp/60000"])
        #expect(loop.address(for: both, dialsLibp2p: true)
            == PeerAddress(scheme: "multiaddr", peerID: .libp2p(secp256k1: key.publicKey), host: "10.0.0.7", port: 60000))
        #expect(loop.address(for: both, dialsLibp2p: false)?.scheme == "enode")
        // A libp2p-only record (no `tcp`) is still dialable over libp2p.
        let libp2pOnly = try record(role: "full", tcp: nil, multiaddrs: ["/dns4/node.example/tcp/443"])
        #expect(loop.address(for: libp2pOnly, dialsLibp2p: true)?.host == "node.example")
        #expect(loop.address(for: libp2pOnly, dialsLibp2p: false) == nil)
        await service.stop()
    }
}
