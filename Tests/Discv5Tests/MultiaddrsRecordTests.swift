import Discv5
import Foundation
import Kernel
import Libp2p
import Libp2pCore
import Primitives
import StaticPeers
import Testing
import TestKit

/// The record's `multiaddrs` key (31/WAKU2-ENR): libp2p addresses as `len(2, big-endian) ‖ binary multiaddr`
/// each, no `/p2p/`; malformed values are errors, not crashes. End to end: a node whose libp2p transport
/// starts at runtime bumps its seq and re-announces, and the other side decodes the address.
@Suite struct MultiaddrsRecordTests {
    @Test func encodingIsLengthPrefixedBinaryMultiaddrs() throws {
        let tcp = try Multiaddr(parsing: "/ip4/1.2.3.4/tcp/55555")
        let dns = try Multiaddr(parsing: "/dns4/example.com/tcp/443")
        let entry = MultiaddrsRecordEntry(addresses: [tcp, dns])
        // /ip4/1.2.3.4/tcp/55555 = 04 01020304 06 d903 (8 bytes).
        #expect(Array(entry.encoded.prefix(10)) == [0x00, 0x08, 0x04, 1, 2, 3, 4, 0x06, 0xd9, 0x03])
        #expect(entry.encoded.count == 10 + 2 + dns.bytes.count)
        #expect(try MultiaddrsRecordEntry(decoding: entry.encoded) == entry)
        #expect(MultiaddrsRecordEntry(addresses: []).item == nil)
    }

    @Test func thePeerIDIsLeftOut() throws {
        let key = PrivateKey.generate()
        let listening = [PeerAddress(scheme: "multiaddr", peerID: .libp2p(secp256k1: key.publicKey), host: "127.0.0.1", port: 4001),
                         PeerAddress(scheme: "enode", peerID: PeerID(publicKey: key.publicKey), host: "127.0.0.1", port: 30303),
                         PeerAddress(scheme: "memory", peerID: nil, host: "a", port: 0)]
        let entry = MultiaddrsRecordEntry(listening: listening)
        #expect(entry.addresses.map(\.description) == ["/ip4/127.0.0.1/tcp/4001"])
        let record = try NodeRecord.build(seq: 1, pairs: [MultiaddrsRecordEntry.key: entry.item!], signingWith: key)
        #expect(try MultiaddrsRecordEntry(record: record) == entry)
        #expect(MultiaddrsRecordEntry.dialable(record)
            == [PeerAddress(scheme: "multiaddr", peerID: .libp2p(secp256k1: key.publicKey), host: "127.0.0.1", port: 4001)])
    }

    @Test func malformedValuesAreErrors() throws {
        #expect(throws: MultiaddrsEntryError.truncatedLength(at: 0)) { try MultiaddrsRecordEntry(decoding: [0x00]) }
        #expect(throws: MultiaddrsEntryError.emptyAddress(at: 0)) { try MultiaddrsRecordEntry(decoding: [0x00, 0x00]) }
        #expect(throws: MultiaddrsEntryError.truncatedAddress(at: 2, claimed: 8, left: 3)) {
            try MultiaddrsRecordEntry(decoding: [0x00, 0x08, 0x04, 1, 2])
        }
        #expect(throws: MultiaddrsEntryError.self) { try MultiaddrsRecordEntry(decoding: [0x00, 0x02, 0xff, 0xff]) }
        #expect(throws: MultiaddrsEntryError.truncatedLength(at: 10)) {
            try MultiaddrsRecordEntry(decoding: [0x00, 0x08, 0x04, 1, 2, 3, 4, 0x06, 0xd9, 0x03, 0x01])
        }
        let key = PrivateKey.generate()
        let listed = try NodeRecord.build(seq: 1, pairs: [MultiaddrsRecordEntry.key: .list([])], signingWith: key)
        #expect(throws: MultiaddrsEntryError.notBytes) { try MultiaddrsRecordEntry(record: listed) }
        #expect(MultiaddrsRecordEntry.dialable(listed).isEmpty)
        #expect(try MultiaddrsRecordEntry(record: try NodeRecord.build(seq: 1, pairs: [:], signingWith: key)) == nil)
        // Random bytes never trap.
        for _ in 0..<500 { _ = try? MultiaddrsRecordEntry(decoding: SecureRandom.bytes(Int.random(in: 0...40))) }
    }

    @Test func libp2pStartingAtRuntimeBumpsTheSeqAndReannounces() async throws {
        let harness = NodeHarness(extraFactories: [Discv5Plugin.factory(), Libp2pPlugin.factory()])
        defer { harness.cleanUp() }
        let boot = try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock(), config: SessionLoopbackTests.patient)
        let bootENR = await boot.localRecord.text
        let node = try harness.kernel("n", registry: harness.registry())
        // 600 lookups per minute: the loop ticks every 100 ms, so the address change is seen at once.
        let discv5 = "discv5: { host: 127.0.0.1, port: 0, bootnodes: [\"\(bootENR)\"], lookups-per-minute: 600, request-timeout-milliseconds: 3000 }"
        try await node.start(try harness.profile("plain", "name: plain\nplugins:\n  memory: { name: n }\n  \(discv5)\n"))
        let id = node.identity.publicKey.nodeID
        try await eventually("the bootnode holds the first record") { await boot.table.entry(id)?.record.seq == 1 }
        let first = try #require(await boot.table.entry(id)?.record)
        #expect(try MultiaddrsRecordEntry(record: first) == nil)

        // libp2p starts beside the running discv5 (discv5's settings unchanged, so it keeps running).
        let applied = try await node.apply(try harness.profile("libp2p", """
            name: libp2p
            plugins:
              memory: { name: n }
              libp2p: { host: 127.0.0.1, port: 0 }
              \(discv5)
            """))
        #expect(applied.started == ["libp2p"])
        let listening = await node.status().network.listenAddresses.first { $0.hasPrefix("/ip4/") }
        let port = try #require(listening.flatMap { UInt16($0.split(separator: "/")[3]) })
        try await eventually("the bootnode fetched the new record", timeout: .seconds(30)) {
            await boot.table.entry(id)?.record.seq == 2
        }
        let record = try #require(await boot.table.entry(id)?.record)
        #expect(MultiaddrsRecordEntry.dialable(record)
            == [PeerAddress(scheme: "multiaddr", peerID: .libp2p(secp256k1: node.identity.publicKey), host: "127.0.0.1", port: port)])
        await node.stop(); await boot.stop()
    }
}
