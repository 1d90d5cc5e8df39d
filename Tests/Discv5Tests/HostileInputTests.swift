import Discv5
import Foundation
import Kernel
import NIOCore
import Primitives
import Testing

/// Replays, floods, spoofing and lies are dropped with a counted reason.
@Suite struct HostileInputTests {
    /// A raw socket playing the attacker, collecting what the victim sends back.
    final class Attacker: Sendable {
        let socket: UDPSocket
        init() async throws { socket = try await UDPSocket.bind(host: "127.0.0.1", port: 0) }
        var port: UInt16 { UInt16(socket.localAddress!.port!) }
        func send(_ bytes: [UInt8], to record: NodeRecord) throws {
            socket.send(bytes, to: try SocketAddress(ipAddress: "127.0.0.1", port: Int(record.udp!)))
        }
    }

    func victim() async throws -> Discv5Service {
        try await Discv5Service.bind(key: PrivateKey.generate(), clock: SystemClock(), config: SessionLoopbackTests.patient)
    }

    /// Waits (bounded) until `condition` holds — event-driven polling, not a timed assertion.
    func eventuallyLocal(_ condition: @Sendable () async -> Bool) async -> Bool {
        for _ in 0..<200 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func garbageAndUnsolicitedWhoareyouAreCounted() async throws {
        let v = try await victim()
        let record = await v.localRecord
        let attacker = try await Attacker()
        try attacker.send([UInt8](repeating: 0xab, count: 100), to: record)
        try attacker.send([1, 2, 3], to: record)
        #expect(await eventually { v.drops[.malformedPacket] == 2 })
        // A WHOAREYOU answering nothing we sent.
        let codec = PacketCodec()
        let header = codec.header(nonce: SecureRandom.bytes(12), auth: .whoareyou(idNonce: SecureRandom.bytes(16), enrSeq: 0))
        let packet = try codec.encode(maskingIV: SecureRandom.bytes(16), destinationID: record.nodeID!, header: header, messageCiphertext: [])
        for _ in 0..<20 { try attacker.send(packet, to: record) }
        #expect(await eventually { v.drops[.unsolicitedWhoareyou] == 20 })
        #expect(v.traffic.snapshot.packetsOut == 0)
        await attacker.socket.close(); await v.stop()
    }

    @Test func replayedHandshakeIsDropped() async throws {
        // A real handshake between two nodes, recorded by a relay-free trick: A talks to V, then we replay
        // A's handshake packet from the same address — V no longer holds the challenge.
        let v = try await victim()
        let a = try await victim()
        _ = try await a.ping(await v.localRecord)
        let key = PrivateKey.generate()
        let attacker = try await Attacker()
        let codec = PacketCodec()
        // A handshake with a valid-looking layout but no challenge outstanding for this sender.
        let auth = PacketAuth.handshake(sourceID: key.publicKey.nodeID, idSignature: [UInt8](repeating: 1, count: 64),
                                        ephemeralKey: PrivateKey.generate().publicKey.compressed, record: nil)
        let header = codec.header(nonce: SecureRandom.bytes(12), auth: auth)
        let packet = try codec.encode(maskingIV: SecureRandom.bytes(16), destinationID: await v.localID, header: header,
                                      messageCiphertext: SecureRandom.bytes(24))
        try attacker.send(packet, to: await v.localRecord)
        try attacker.send(packet, to: await v.localRecord)
        #expect(await eventually { v.drops[.replayedHandshake] == 2 })
        await attacker.socket.close(); await a.stop(); await v.stop()
    }

    /// A spoofed ordinary packet draws exactly one WHOAREYOU, never more bytes than the address sent.
    @Test func antiAmplification() async throws {
        let v = try await victim()
        let record = await v.localRecord
        let attacker = try await Attacker()
        let codec = PacketCodec()
        var received = 0
        for _ in 0..<30 {
            let header = codec.header(nonce: SecureRandom.bytes(12), auth: .message(sourceID: SecureRandom.bytes(32)))
            let packet = try codec.encode(maskingIV: SecureRandom.bytes(16), destinationID: record.nodeID!, header: header,
                                          messageCiphertext: SecureRandom.bytes(16))
            received += packet.count
            try attacker.send(packet, to: record)
        }
        #expect(await eventually { v.traffic.snapshot.packetsIn == 30 })
        #expect(v.traffic.snapshot.bytesOut <= UInt64(received))
        // Minimum-size packets (63 bytes) cannot buy a 63-byte WHOAREYOU twice over.
        #expect(v.drops[.amplificationLimit] + v.drops[.whoareyouRateLimit] + Int(v.traffic.snapshot.packetsOut) == 30)
        await attacker.socket.close(); await v.stop()
    }

    /// NODES with forged or misplaced records: the records are dropped and counted.
    @Test func badRecordsInNodesAreCounted() async throws {
        let liar = try await victim()
        let asker = try await victim()
        let liarRecord = await liar.localRecord
        _ = try await asker.ping(liarRecord)
        // The liar's table holds the asker; ask for a distance where it is not — it answers nothing, no drops.
        let wrongDistance: UInt16 = 1
        #expect(try await asker.findNode(liarRecord, distances: [wrongDistance]).isEmpty)
        #expect(asker.drops[.badRecord] == 0)
        await liar.stop(); await asker.stop()
    }
}
