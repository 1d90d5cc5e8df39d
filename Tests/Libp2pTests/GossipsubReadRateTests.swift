import Foundation
import Kernel
import Libp2pCore
import Testing
import TestKit
@testable import Libp2p

/// `max-messages-per-second-per-peer`: a peer publishing faster than the limit is read more slowly (the reader
/// pauses its stream), never penalised and never dropped; the bucket refills with time; 0 turns it off.
@Suite struct GossipsubReadRateTests {
    let topic = "/waku/1/default/rlp"

    @Test func theBucketAllowsOneSecondOfBurstThenPausesForTheDeficit() {
        let t0 = Date(timeIntervalSince1970: 1_000)
        var bucket = GossipsubReadRate(perSecond: 10, now: t0)
        #expect(bucket.take(10, now: t0) == nil)
        #expect(bucket.take(5, now: t0) == .milliseconds(500), "5 messages over a 10/s limit: half a second")
        #expect(bucket.take(1, now: t0 + 1) == nil, "a second later the deficit is paid and 4 tokens are back")
        #expect(bucket.take(100, now: t0 + 1000) == .seconds(9), "refill is capped at one second of burst")
    }

    func rpc(_ count: Int, from first: Int) -> [UInt8] {
        PubsubRPC(publish: (first..<first + count).map { PubsubRPC.Message(data: [UInt8(truncatingIfNeeded: $0), 1, 2], topic: topic) }).bytes
    }

    @Test func aPeerOverTheLimitIsPausedNotPenalised() async throws {
        var parameters = GossipsubScoreTests.neutral()
        parameters.maxMessagesPerSecondPerPeer = 10
        let net = ScriptedPubsubPeers(parameters)
        let b = await net.connect(1, topics: [topic])
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        #expect(await net.router.receive(rpc(8, from: 0), from: b) == .keepReading)
        #expect(await net.router.receive(rpc(6, from: 8), from: b) == .pause(.milliseconds(400)))
        let stats = await net.router.stats.snapshot
        #expect(stats.delivered == 14 && stats.readPauses == 1, "every message read is handled")
        #expect(await net.router.peerScore(b) >= 0)
        await net.tick(1)
        #expect(await net.router.receive(rpc(5, from: 14), from: b) == .keepReading)
    }

    @Test func zeroMeansNoLimit() async throws {
        let net = ScriptedPubsubPeers(GossipsubScoreTests.neutral())
        let b = await net.connect(1, topics: [topic])
        _ = await net.router.join(topic, policy: ContentAddressedPolicy())
        #expect(await net.router.receive(rpc(200, from: 0), from: b) == .keepReading)
    }

    @Test func theSettingIsReadFromTheProfile() throws {
        let yaml = try YAMLLoader.load(text: "max-messages-per-second-per-peer: 500\n", file: "gossipsub.yaml")
        #expect(try ConfigDecoder().decode(GossipsubParameters.self, from: yaml).maxMessagesPerSecondPerPeer == 500)
        let bad = try YAMLLoader.load(text: "max-messages-per-second-per-peer: -1\n", file: "gossipsub.yaml")
        #expect(throws: (any Error).self) { try ConfigDecoder().decode(GossipsubParameters.self, from: bad) }
    }
}
