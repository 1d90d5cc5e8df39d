import Kernel
import Testing
import WakuCore
@testable import WakuProtocol

/// `relay:` settings: the default mode floods; gossipsub and bridge take a pubsub topic; bad values are errors.
@Suite struct RelayModeConfigTests {
    func decode(_ yaml: String) throws -> RelayConfig {
        try ConfigDecoder().decode(RelayConfig.self, from: try YAMLLoader.load(text: yaml, file: "relay.yaml"))
    }

    @Test func defaultsToFloodingOnTheWakuV1Topic() throws {
        let config = try ConfigDecoder().decode(RelayConfig.self, from: .empty)
        #expect(config.mode == .flooding && config.pubsubTopic == "/waku/1/default/rlp")
        #expect(config.mode.floods && !config.mode.usesPubsub)
    }

    @Test func readsGossipsubAndBridgeModes() throws {
        let gossip = try decode("mode: gossipsub\npubsub-topic: /waku/1/other/rlp\nminimum-pow: 0.5\n")
        #expect(gossip.mode == .gossipsub && gossip.pubsubTopic == "/waku/1/other/rlp" && gossip.minimumPow == 0.5)
        #expect(gossip.mode.usesPubsub && !gossip.mode.floods)
        let bridge = try decode("mode: bridge\n")
        #expect(bridge.mode.usesPubsub && bridge.mode.floods)
    }

    @Test(arguments: ["mode: gosipsub\n", "pubsub-topic: \"\"\n", "max-message-size: 0\n"])
    func rejectsBadSettings(yaml: String) {
        #expect(throws: (any Error).self) { try decode(yaml) }
    }
}
