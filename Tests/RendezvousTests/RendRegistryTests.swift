import Foundation
import Kernel
import Primitives
import Testing
import TestKit
@testable import Rendezvous

/// The rendezvous point's rules on virtual time (wire-facts §1.9): topics, TTL, limit, signatures,
/// TTL + 500 ms retention, random selection, per-peer caps and the memory bound.
@Suite struct RendRegistryTests {
    let clock = ManualClock()
    let peer = PeerID(Array(repeating: 7, count: 64))

    func record(port: UInt16 = 30303, key: PrivateKey = PrivateKey.generate(), seq: UInt64 = 1) throws -> NodeRecord {
        try NodeRecord.build(seq: seq, ip: [127, 0, 0, 1], tcp: port, udp: port, signingWith: key)
    }

    func registry(_ change: (inout RendServerRules) -> Void = { _ in }) -> RendRegistry {
        var rules = RendServerRules()
        change(&rules)
        return RendRegistry(rules: rules, clock: clock)
    }

    @Test func topicRules() async throws {
        let r = registry()
        let rec = try record()
        #expect(await r.register(topic: [], record: rec, ttlNanoseconds: 1, from: peer) == .invalidNamespace)
        #expect(await r.register(topic: Array(repeating: 0x61, count: 51), record: rec, ttlNanoseconds: 1, from: peer) == .invalidNamespace)
        #expect(await r.register(topic: Array("who\u{ff}".utf8) + [0xff], record: rec, ttlNanoseconds: 1, from: peer) == .invalidNamespace)
        #expect(await r.register(topic: Array(repeating: 0x61, count: 50), record: rec, ttlNanoseconds: 1, from: peer) == .ok)
        #expect(await r.discover(topic: [0xff], limit: 1).0 == .invalidNamespace)
    }

    @Test func ttlAtMostTwentySeconds() async throws {
        let r = registry()
        #expect(await r.register(topic: Array("whisper".utf8), record: try record(), ttlNanoseconds: 20_000_000_000, from: peer) == .ok)
        #expect(await r.register(topic: Array("whisper".utf8), record: try record(), ttlNanoseconds: 20_000_000_001, from: peer) == .invalidTTL)
        #expect(await r.register(topic: Array("whisper".utf8), record: try record(), ttlNanoseconds: .max, from: peer) == .invalidTTL)
    }

    @Test func aBadSignatureIsInvalidENR() async throws {
        let good = try record()
        var bytes = good.rlpBytes
        bytes[10] ^= 0x40
        let bad = try NodeRecord(rlp: bytes)
        #expect(await registry().register(topic: Array("whisper".utf8), record: bad, ttlNanoseconds: 1, from: peer) == .invalidENR)
    }

    @Test func limitZeroIsRefusedAndLargeLimitsAreClampedToTen() async throws {
        let r = registry()
        let topic = Array("whispermail".utf8)
        for i in 0..<15 {
            #expect(await r.register(topic: topic, record: try record(port: UInt16(30_000 + i)), ttlNanoseconds: 10_000_000_000,
                                     from: PeerID(Array(repeating: UInt8(i), count: 64))) == .ok)
        }
        #expect(await r.discover(topic: topic, limit: 0).0 == .invalidLimit)
        let (status, records) = await r.discover(topic: topic, limit: .max)
        #expect(status == .ok && records.count == 10)
        #expect(await r.discover(topic: topic, limit: 3).1.count == 3)
        #expect(await r.discover(topic: Array("other".utf8), limit: 3).1.isEmpty)
        // Random selection: many draws of 10 out of 15 do not always give the same set.
        var sets = Set<Set<UInt16>>()
        for _ in 0..<20 { sets.insert(Set(await r.discover(topic: topic, limit: 10).1.compactMap(\.tcp))) }
        #expect(sets.count > 1)
    }

    @Test func recordsAreKeptTTLPlus500Milliseconds() async throws {
        let r = registry()
        let topic = Array("whisper".utf8)
        #expect(await r.register(topic: topic, record: try record(), ttlNanoseconds: 10_000_000_000, from: peer) == .ok)
        clock.advance(by: .milliseconds(10_490))
        #expect(await r.discover(topic: topic, limit: 10).1.count == 1)
        clock.advance(by: .milliseconds(20))
        #expect(await r.discover(topic: topic, limit: 10).1.isEmpty)
        #expect(await r.recordCount == 0)
    }

    @Test func reRegisteringRefreshesOneEntry() async throws {
        let r = registry()
        let topic = Array("whisper".utf8)
        let key = PrivateKey.generate()
        for _ in 0..<5 {
            #expect(await r.register(topic: topic, record: try record(key: key), ttlNanoseconds: 10_000_000_000, from: peer) == .ok)
            clock.advance(by: .seconds(5))
        }
        #expect(await r.recordCount == 1)
        // Another connection may not take over the same record at the same seq …
        let other = PeerID(Array(repeating: 9, count: 64))
        #expect(await r.register(topic: topic, record: try record(key: key), ttlNanoseconds: 1, from: other) == .notAuthorized)
        // … but a newer record (higher seq, signed by the key) is accepted.
        #expect(await r.register(topic: topic, record: try record(key: key, seq: 2), ttlNanoseconds: 1, from: other) == .ok)
    }

    @Test func perPeerCap() async throws {
        let r = registry { $0.maximumRegistrationsPerPeer = 4 }
        for i in 0..<4 {
            #expect(await r.register(topic: Array("t\(i)".utf8), record: try record(), ttlNanoseconds: 1_000_000_000, from: peer) == .ok)
        }
        #expect(await r.register(topic: Array("t9".utf8), record: try record(), ttlNanoseconds: 1_000_000_000, from: peer) == .notAuthorized)
        clock.advance(by: .seconds(2))   // expired registrations free the peer's slots
        #expect(await r.register(topic: Array("t9".utf8), record: try record(), ttlNanoseconds: 1_000_000_000, from: peer) == .ok)
    }

    @Test func aRegistrationFloodStaysWithinTheRecordCap() async throws {
        let r = registry { $0.maximumRecords = 200; $0.maximumRegistrationsPerPeer = 1_000 }
        let records = try (0..<300).map { _ in try record() }
        var refused = 0
        for i in 0..<1_000 {
            let status = await r.register(topic: Array("flood-\(i % 7)".utf8), record: records[i % 300], ttlNanoseconds: 20_000_000_000,
                                          from: PeerID(Array(repeating: UInt8(i % 200), count: 64)))
            if status == .internalError { refused += 1 }
        }
        #expect(await r.recordCount == 200)
        #expect(refused > 0)
        clock.advance(by: .seconds(21))
        #expect(await r.register(topic: Array("after".utf8), record: records[0], ttlNanoseconds: 1, from: peer) == .ok)
        #expect(await r.recordCount == 1)
    }
}
