import Foundation
import Kernel
import Primitives
import Testing
import TestKit
import WakuCore
@testable import WakuProtocol

/// The session against a scripted remote: handshake failures and the receive loop's reactions.
@Suite struct SessionTests {
    let topic = Topic(0xabcd_0001)

    func policy(minimumPoW: Double = 0, maxMessageSize: Int = 4096, confirmations: Bool = false) -> WakuReceivePolicy {
        WakuReceivePolicy(acceptance: EnvelopeAcceptance(minimumPoW: minimumPoW, maxMessageSize: maxMessageSize),
                          confirmationsEnabled: confirmations, now: { unixNow() })
    }

    /// A connected session whose handshake has completed.
    func handshaken(_ connection: ScriptedConnection) async throws -> WakuPeerSession {
        let session = WakuPeerSession(stream: connection.stream, peer: connection.session)
        connection.stream.push(.status, StatusOptions(powRequirement: 0.5, lightNode: true).encoded())
        try await session.handshake(StatusOptions(powRequirement: 0.1), timeout: .seconds(5))
        return session
    }

    @Test func handshakeSendsOurStatusFirstAndReadsTheirs() async throws {
        let connection = try ScriptedConnection()
        let session = try await handshaken(connection)
        let ours = try #require(await connection.stream.outgoing.next())
        #expect(ours.code == 0)
        #expect(try StatusOptions(decoding: ours.payload).powRequirement == 0.1)
        #expect(await session.remote.powRequirement == 0.5)
        #expect(await session.remote.lightNode)
    }

    @Test func handshakeTimesOutOnTheNodeClockAndClosesTheConnection() async throws {
        let connection = try ScriptedConnection()
        let session = WakuPeerSession(stream: connection.stream, peer: connection.session)
        let clock = ManualClock()
        async let handshake: Void = session.handshake(StatusOptions(), timeout: .milliseconds(100), clock: clock)
        try await clock.waitForSleepers(1)   // the timeout timer is parked; only the clock ends it
        clock.advance(by: .milliseconds(100))
        do {
            try await handshake
            Issue.record("the handshake should have timed out")
        } catch {
            #expect(error as? WakuHandshakeError == .timedOut(seconds: 0.1))
        }
        #expect(connection.latch.isClosed)
    }

    @Test func handshakeMismatchesAreTypedErrors() async throws {
        let wrongFirst = try ScriptedConnection()
        wrongFirst.stream.push(.messages, MessagesPacket.encode([]))
        await #expect(throws: WakuHandshakeError.unexpectedFirstPacket(code: 1)) {
            try await WakuPeerSession(stream: wrongFirst.stream, peer: wrongFirst.session).handshake(StatusOptions(), timeout: .seconds(5))
        }
        let badStatus = try ScriptedConnection()
        badStatus.stream.push(.status, RLP.encode(.list([.list([.uint(0), .uint(Double.nan.bitPattern)])])))
        await #expect(throws: WakuHandshakeError.self) {
            try await WakuPeerSession(stream: badStatus.stream, peer: badStatus.session).handshake(StatusOptions(), timeout: .seconds(5))
        }
        let closed = try ScriptedConnection()
        closed.stream.incoming.finish()
        await #expect(throws: WakuHandshakeError.closedBeforeStatus) {
            try await WakuPeerSession(stream: closed.stream, peer: closed.session).handshake(StatusOptions(), timeout: .seconds(5))
        }
    }

    @Test func malformedMessagesArePenalisedAndEndTheSession() async throws {
        let connection = try ScriptedConnection()
        let session = try await handshaken(connection)
        let peers = WakuPeers()
        connection.stream.push(.messages, [0xc3, 0xc2, 0x01, 0x02])
        await #expect(throws: WakuPacketError.self) { try await session.run(policy: policy(), peers: peers) }
        #expect(connection.penalties.withLock { $0.first?.points } == 100)
        #expect(await peers.penalties(for: connection.remotePeer).count == 1)
    }

    @Test func oversizePacketsAndBadStatusUpdatesEndTheSession() async throws {
        let big = try ScriptedConnection()
        let session = try await handshaken(big)
        big.stream.push(.messages, [UInt8](repeating: 0, count: 10_000))
        await #expect(throws: WakuPacketError.oversize(code: 1, size: 10_000, limit: 4096 + 1024)) {
            try await session.run(policy: policy(), peers: WakuPeers())
        }
        let update = try ScriptedConnection()
        let other = try await handshaken(update)
        update.stream.push(.statusUpdate, [0x01])
        await #expect(throws: WakuPacketError.self) { try await other.run(policy: policy(), peers: WakuPeers()) }
    }

    @Test func trustedOnlyCodesUnknownCodesAndRequests() async throws {
        let connection = try ScriptedConnection()
        let session = try await handshaken(connection)
        let peers = WakuPeers()
        let envelope = Envelope(expiry: unixNow() - 1000, ttl: 10, topic: topic, data: [1])  // history: expiry not enforced
        connection.stream.push(.p2pMessage, MessagesPacket.encode([envelope]))       // untrusted: ignored
        connection.stream.incoming.push(FramedMessage(code: 50, payload: [0xff]))      // unknown: ignored
        connection.stream.push(.p2pRequest, [0x80])
        connection.stream.push(.batchAcknowledged, [0x80])
        connection.stream.incoming.finish()
        try await recording(peers) { recorder in
            try await session.run(policy: policy(), peers: peers)
            try await eventually("request event") {
                await recorder.events.contains { if case .p2pRequest([0x80], _) = $0 { return true } else { return false } }
            }
            #expect(await recorder.envelopes.isEmpty)
        }
        let trustedConnection = try ScriptedConnection()
        let trusted = try await handshaken(trustedConnection)
        let peers2 = WakuPeers()  // `events` has one consumer for the registry's lifetime
        await peers2.trust(trustedConnection.remotePeer)
        trustedConnection.stream.push(.p2pMessage, MessagesPacket.encode([envelope]))
        trustedConnection.stream.push(.p2pRequestComplete, RLP.encode(.bytes([1, 2, 3])))
        trustedConnection.stream.incoming.finish()
        try await recording(peers2) { recorder in
            try await trusted.run(policy: policy(), peers: peers2)
            try await eventually("history envelope and completion") { await recorder.events.count >= 2 }
            #expect(await recorder.envelopes.first?.1 == .history(peer: trustedConnection.remotePeer.bytes))
        }
    }

    @Test func rateLimitAndConfirmations() async throws {
        let connection = try ScriptedConnection()
        let session = try await handshaken(connection)
        _ = await connection.stream.outgoing.next()  // our Status
        let peers = WakuPeers(envelopesPerSecond: 1)
        let envelopes = (0..<3).map { Envelope(ttl: 50, topic: topic, data: [UInt8($0)], now: unixNow()) }
        let payload = MessagesPacket.encode(envelopes)
        connection.stream.push(.messages, payload)
        connection.stream.incoming.finish()
        try await session.run(policy: policy(confirmations: true), peers: peers)
        let response = try MessageResponse(decoding: try #require(await connection.stream.outgoing.next()).payload)
        #expect(response.errors.count == 3)
        #expect(response.errors.allSatisfy { $0.description == "rate limit exceeded" && $0.code == 22 })
        let ack = try #require(await connection.stream.outgoing.next())
        #expect(ack.code == WakuPacketCode.batchAcknowledged.rawValue)
        #expect(try BatchAcknowledged.decode(ack.payload) == MessageResponse.batchHash(ofPayload: payload))
        #expect(connection.penalties.withLock { $0.count } == 1)
    }

    @Test func aPeerFloodingPastTheDefaultRateLimitIsRefusedAndPenalised() async throws {
        let config = try ConfigDecoder().decode(WakuConfig.self, from: ConfigNode.empty)
        #expect(config.rateLimit == 100)
        #expect(config.statusOptions.packetRateLimits?.peerID == 100)           // advertised to peers
        let connection = try ScriptedConnection()
        let session = try await handshaken(connection)
        _ = await connection.stream.outgoing.next()  // our Status
        let peers = WakuPeers(envelopesPerSecond: config.rateLimit)
        let envelopes = (0..<150).map { Envelope(ttl: 50, topic: topic, data: [UInt8($0)], now: unixNow()) }
        connection.stream.push(.messages, MessagesPacket.encode(envelopes))     // 150 in one second: the whole packet is refused
        connection.stream.incoming.finish()
        try await session.run(policy: policy(), peers: peers)
        let response = try MessageResponse(decoding: try #require(await connection.stream.outgoing.next()).payload)
        #expect(response.errors.count == 150)
        #expect(response.errors.allSatisfy { $0.description == "rate limit exceeded" })
        #expect(connection.penalties.withLock { $0.count } == 1)
    }
}
