import Foundation
import Kernel
import Primitives
import Testing
import TestKit
@testable import Bootstrap

/// Both pex/1 handlers driven directly over a scripted stream: the happy path, and every kind of
/// hostile input — each must end in a penalty (and, where the rules say so, a closed connection
/// with a reason), never a trap.
@Suite struct BootstrapHostileSessionTests {
    func server(_ directory: BootstrapDirectory = BootstrapDirectory(), timeout: Double = 5) -> BootstrapHandler {
        var config = BootstrapConfig()
        config.announceTimeoutSeconds = timeout
        return BootstrapHandler(config: config, directory: directory, network: bootstrapTestNetwork(owner: "bootstrap"),
                                clock: SystemClock())
    }

    func client(_ source: BootstrapPeersSource, perRequest: Int = 16, timeout: Double = 5,
                counter: TrafficCounter = TrafficCounter()) -> BootstrapPeersHandler {
        var config = BootstrapPeersConfig()
        config.peersPerRequest = perRequest
        config.announceTimeoutSeconds = timeout
        return BootstrapPeersHandler(config: config, source: source, network: bootstrapTestNetwork(owner: "bootstrap-peers"),
                                     clock: SystemClock(), counter: counter)
    }

    func source() -> BootstrapPeersSource {
        BootstrapPeersSource(localPeer: PeerID(publicKey: PrivateKey.generate().publicKey), clock: SystemClock())
    }

    /// Expects the handler to have dropped the peer for `error`.
    func expectDropped(_ connection: BootstrapScriptedConnection, _ outcome: (any Error)?, _ error: PexError) {
        #expect(outcome as? PexError == error)
        #expect(connection.latch.reason == .subprotocolError)
        #expect(connection.latch.reason?.detail == error.description)
        #expect(connection.penalties == [error.penalty])
    }

    // MARK: server

    @Test func theServerListsAnnouncersAndAnswersGetPeers() async throws {
        let directory = BootstrapDirectory()
        for _ in 0..<3 {
            let entry = bootstrapEntry()
            await directory.update(PeerID(entry.publicKey), scheme: "enode", entry: entry, session: await directory.openSession())
        }
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(server(directory), on: connection) { remote in
            #expect(try await remote.nextSent() == .announce(PexAnnounce(tcpPort: 0, serving: true)))
            remote.push(.announce(PexAnnounce(tcpPort: 30399, serving: false)))
            remote.push(.getPeers(PexGetPeers(limit: 2)))
            guard case .peers(let answer)? = try await remote.nextSent() else { Issue.record("no Peers answer"); return }
            #expect(answer.entries.count == 2)
            #expect(!answer.entries.contains { PeerID($0.publicKey) == remote.remotePeer })
            #expect(await directory.count == 4)
            let listed = try #require(await directory.addresses.first { $0.peerID == remote.remotePeer })
            #expect(listed.description == "enode://\(remote.remotePeer.hex)@10.0.0.7:30399")
            // A re-announce (the peer's plugin restarted) is answered with ours, and port 0 unlists it.
            remote.push(.announce(PexAnnounce(tcpPort: 0, serving: false)))
            #expect(try await remote.nextSent() == .announce(PexAnnounce(tcpPort: 0, serving: true)))
            #expect(await directory.count == 3)
            remote.push(.announce(PexAnnounce(tcpPort: 30399, serving: false)))
            _ = try await remote.nextSent()
            #expect(await directory.count == 4)
        }
        #expect(outcome == nil)
        #expect(connection.penalties.isEmpty)
        #expect(await directory.count == 3)   // dropped with the connection
    }

    @Test func garbageInsteadOfAnnounceIsDropped() async throws {
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(server(), on: connection) { remote in
            remote.push(code: 0, [0xff, 0x00, 0x13])
            _ = await remote.waitClosed()
        }
        guard case .malformed(.announce, _)? = outcome as? PexError else { Issue.record("got \(String(describing: outcome))"); return }
        expectDropped(connection, outcome, try #require(outcome as? PexError))
    }

    @Test func aFirstPacketOtherThanAnnounceIsDropped() async throws {
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(server(), on: connection) { remote in
            remote.push(.getPeers(PexGetPeers(limit: 4)))
            _ = await remote.waitClosed()
        }
        expectDropped(connection, outcome, .firstPacketNotAnnounce(code: 1))
    }

    @Test func aPeerThatNeverAnnouncesTimesOut() async throws {
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(server(timeout: 0.2), on: connection) { remote in
            _ = await remote.waitClosed(within: .seconds(60))
        }
        expectDropped(connection, outcome, .announceTimedOut(seconds: 0.2))
        #expect(connection.penalties.first?.points == PeerPenalty.minor("").points)
    }

    @Test(arguments: [
        (UInt64(3), [UInt8]([0xc0]), PexError.unknownCode(3)),
        (UInt64(0x7f), [UInt8](), PexError.unknownCode(0x7f)),
        (UInt64(1), [UInt8](repeating: 0x80, count: PexCapability.maxPacketBytes + 1),
         PexError.oversize(code: 1, size: PexCapability.maxPacketBytes + 1)),
        (UInt64(1), [UInt8]([0xc1, 0x80]), PexError.limitOutOfRange(0)),
        (UInt64(1), [UInt8]([0xc1, 0x41]), PexError.limitOutOfRange(65)),
        (UInt64(2), PexPeers(entries: []).encoded(), PexError.unsolicitedPeers),
    ]) func hostilePacketsAfterTheHandshakeAreDropped(code: UInt64, payload: [UInt8], error: PexError) async throws {
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(server(), on: connection) { remote in
            remote.push(.announce(PexAnnounce(tcpPort: 0, serving: false)))
            remote.push(code: code, payload)
            _ = await remote.waitClosed()
        }
        expectDropped(connection, outcome, error)
    }

    @Test func aFloodOfGetPeersIsPenalisedAndIgnored() async throws {
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(server(), on: connection) { remote in
            _ = try await remote.nextSent()   // our Announce
            remote.push(.announce(PexAnnounce(tcpPort: 0, serving: false)))
            for _ in 0..<12 { remote.push(.getPeers(PexGetPeers(limit: 8))) }
            try await eventually("ten excess requests penalised") { remote.penalties.count == 10 }
            var answers = 0
            while case .peers? = try await remote.nextSent(within: .milliseconds(300)) { answers += 1 }
            #expect(answers == 2)   // the burst; the rest were ignored
            #expect(!remote.isClosed)
        }
        #expect(outcome == nil)
        #expect(connection.penalties.allSatisfy { $0 == PexError.rateLimited(.getPeers, perSecond: 1).penalty })
    }

    @Test func aFloodOfReannouncesIsPenalisedAndIgnored() async throws {
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(server(), on: connection) { remote in
            _ = try await remote.nextSent()
            for _ in 0..<6 { remote.push(.announce(PexAnnounce(tcpPort: 0, serving: false))) }
            // The first is the handshake; of the five re-announces the burst of two is answered.
            try await eventually("three excess re-announces penalised") { remote.penalties.count == 3 }
            var replies = 0
            while case .announce? = try await remote.nextSent(within: .milliseconds(300)) { replies += 1 }
            #expect(replies == 2)
        }
        #expect(outcome == nil)
        #expect(connection.penalties.allSatisfy { $0 == PexError.rateLimited(.announce, perSecond: 1).penalty })
    }

    // MARK: client

    @Test func theClientAsksAServingPeerAndLearnsItsAnswer() async throws {
        let source = source(), counter = TrafficCounter()
        let connection = BootstrapScriptedConnection(host: "10.1.2.3")
        let good = [bootstrapEntry(host: "192.0.2.1", port: 1111), bootstrapEntry(host: "::1", port: 2222)]
        let me = PexPeerEntry(publicKey: source.localPeer.bytes, host: "192.0.2.9", port: 9)
        let outcome = try await bootstrapServe(client(source, counter: counter), on: connection) { remote in
            #expect(try await remote.nextSent() == .announce(PexAnnounce(tcpPort: 0, serving: false)))
            remote.push(.announce(PexAnnounce(tcpPort: 30303, serving: true)))
            #expect(try await remote.nextSent() == .getPeers(PexGetPeers(limit: 16)))
            remote.push(.peers(PexPeers(entries: good + [me])))
            try await eventually("two peers learnt") { source.pendingCount == 2 }
            #expect(source.servers == [remote.remotePeer])
        }
        #expect(outcome == nil)
        #expect(connection.penalties.isEmpty)
        #expect(source.servers.isEmpty)
        let records = try await source.nextPeers(limit: 10)
        #expect(records.map(\.address) == good.map { $0.address(scheme: "enode") })
        #expect(records.map(\.address.description).contains("enode://\(Hex.encode(good[0].publicKey))@192.0.2.1:1111"))
        let traffic = counter.snapshot
        #expect(traffic.packetsOut == 2 && traffic.packetsIn == 2)
        #expect(traffic.bytesIn == UInt64(PexAnnounce(tcpPort: 30303, serving: true).encoded().count
                                          + PexPeers(entries: good + [me]).encoded().count))
    }

    @Test func theClientDoesNotAskPeersThatDoNotServe() async throws {
        let source = source()
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(client(source), on: connection) { remote in
            _ = try await remote.nextSent()
            remote.push(.announce(PexAnnounce(tcpPort: 30303, serving: false)))
            #expect(try await remote.nextSent(within: .milliseconds(300)) == nil)
            // GetPeers to a node that does not serve: penalised, ignored, not dropped.
            remote.push(.getPeers(PexGetPeers(limit: 3)))
            try await eventually("penalised") { remote.penalties == [PexError.requestToNonServingNode.penalty] }
            #expect(try await remote.nextSent(within: .milliseconds(200)) == nil)
            #expect(!remote.isClosed)
        }
        #expect(outcome == nil)
        #expect(source.servers.isEmpty)
    }

    @Test func anAnswerNobodyAskedForIsDropped() async throws {
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(client(source()), on: connection) { remote in
            remote.push(.announce(PexAnnounce(tcpPort: 1, serving: false)))
            remote.push(.peers(PexPeers(entries: [bootstrapEntry()])))
            _ = await remote.waitClosed()
        }
        expectDropped(connection, outcome, .unsolicitedPeers)
    }

    @Test func aSecondAnswerToOneRequestIsDropped() async throws {
        let source = source()
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(client(source), on: connection) { remote in
            remote.push(.announce(PexAnnounce(tcpPort: 1, serving: true)))
            _ = try await remote.nextSent()   // Announce
            _ = try await remote.nextSent()   // GetPeers
            remote.push(.peers(PexPeers(entries: [bootstrapEntry()])))
            remote.push(.peers(PexPeers(entries: [bootstrapEntry()])))
            _ = await remote.waitClosed()
        }
        expectDropped(connection, outcome, .unsolicitedPeers)
        #expect(source.pendingCount == 1)
    }

    @Test func moreEntriesThanAskedForAreDropped() async throws {
        let source = source()
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(client(source, perRequest: 2), on: connection) { remote in
            remote.push(.announce(PexAnnounce(tcpPort: 1, serving: true)))
            _ = try await remote.nextSent()
            #expect(try await remote.nextSent() == .getPeers(PexGetPeers(limit: 2)))
            remote.push(.peers(PexPeers(entries: [bootstrapEntry(), bootstrapEntry(), bootstrapEntry()])))
            _ = await remote.waitClosed()
        }
        expectDropped(connection, outcome, .tooManyEntries(count: 3, limit: 2))
        #expect(source.pendingCount == 0)
    }

    @Test(arguments: [
        PexPeerEntry(publicKey: [UInt8](repeating: 0, count: 64), host: "192.0.2.1", port: 1),
        PexPeerEntry(publicKey: PrivateKey.generate().publicKey.raw64, host: "192.0.2.1", port: 0),
        PexPeerEntry(publicKey: PrivateKey.generate().publicKey.raw64, host: "", port: 30303),
        PexPeerEntry(publicKey: PrivateKey.generate().publicKey.raw64, host: "x/../../etc", port: 30303),
    ]) func answersWithUndialableEntriesAreDropped(bad: PexPeerEntry) async throws {
        let source = source()
        let connection = BootstrapScriptedConnection()
        let outcome = try await bootstrapServe(client(source), on: connection) { remote in
            remote.push(.announce(PexAnnounce(tcpPort: 1, serving: true)))
            _ = try await remote.nextSent()
            _ = try await remote.nextSent()
            remote.push(.peers(PexPeers(entries: [bootstrapEntry(), bad])))
            _ = await remote.waitClosed()
        }
        guard case .badEntry(index: 1, _)? = outcome as? PexError else { Issue.record("got \(String(describing: outcome))"); return }
        expectDropped(connection, outcome, try #require(outcome as? PexError))
        #expect(source.pendingCount == 0)   // nothing from a bad answer is used
    }

    @Test func theClientDropsGarbageAndSilentPeersToo() async throws {
        let silent = BootstrapScriptedConnection()
        let timedOut = try await bootstrapServe(client(source(), timeout: 0.2), on: silent) { _ = await $0.waitClosed() }
        expectDropped(silent, timedOut, .announceTimedOut(seconds: 0.2))

        let garbage = BootstrapScriptedConnection()
        let malformed = try await bootstrapServe(client(source()), on: garbage) { remote in
            remote.push(.announce(PexAnnounce(tcpPort: 1, serving: true)))
            remote.push(code: 2, Array("not rlp at all".utf8))
            _ = await remote.waitClosed()
        }
        guard case .malformed(.peers, _)? = malformed as? PexError else { Issue.record("got \(String(describing: malformed))"); return }
        #expect(garbage.latch.reason == .subprotocolError)
        #expect(garbage.penalties.first?.points == PeerPenalty.protocolViolation("").points)
    }
}

extension BootstrapScriptedConnection {
    /// Waits until the handler closed the connection.
    /// Waits for the handler to close the connection (generously: a loaded CI machine is slow, and the
    /// handler's own timeout is what is under test, not the machine's speed).
    func waitClosed(within timeout: Duration = .seconds(60)) async -> DisconnectReason? {
        try? await eventually("connection closed", timeout: timeout) { self.isClosed }
        return latch.reason
    }
}
