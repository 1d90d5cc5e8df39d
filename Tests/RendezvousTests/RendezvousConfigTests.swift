import Foundation
import Kernel
import Testing
@testable import Rendezvous

/// `rendezvous:` settings (defaults, both flavours, every refused value with its reason) and the client's
/// discovery budget (DISCOVERs and DISCOVER bytes per sliding minute; registrations never spend it).
@Suite struct RendezvousConfigTests {
    func decode(_ yaml: String) throws -> RendezvousConfig {
        try ConfigDecoder().decode(RendezvousConfig.self, from: try YAMLLoader.load(text: yaml, file: "rendezvous.yaml"))
    }

    static let server = "/ip4/127.0.0.1/tcp/30304/ethv4/16Uiu2HAkxAVx9RodHK9et3qa7vYxutDy8AzG1h1d2Mj9V9Ns1ftp"

    @Test func defaultsFollowStatusGo() throws {
        let config = try ConfigDecoder().decode(RendezvousConfig.self, from: .empty)
        #expect(config.flavour == .rend && config.signedPeerRecord && !config.serve && config.servers.isEmpty)
        #expect(config.schedule.ttl == .seconds(10) && config.schedule.reregisterEvery == .seconds(5))
        #expect(config.schedule.discoverLimit == 10 && config.schedule.requestTimeout == .seconds(5))
        #expect(config.rules.maximumTTLNanoseconds == 20_000_000_000 && config.rules.maximumLimit == 10)
    }

    @Test func readsBothFlavours() throws {
        let v1 = try decode("servers: [\"\(Self.server)\"]\nprotocol: rendezvous\npeer-record: unsigned\nttl-seconds: 7200\n")
        #expect(v1.flavour == .rendezvous && !v1.signedPeerRecord && v1.schedule.ttl == .seconds(7200))
        #expect(v1.servers.first?.peerID != nil)
        let rend = try decode("protocol: rend\ndial: enode\ntopics: [whisper]\n")
        #expect(rend.flavour == .rend && rend.dial == "enode" && rend.schedule.topics == ["whisper"])
    }

    @Test(arguments: [
        ("protocol: rendevous\n", "protocol must be rend"),
        ("peer-record: maybe\n", "peer-record must be signed or unsigned"),
        ("protocol: rendezvous\ndial: enode\n", "dial must be multiaddr"),
        ("dial: udp\n", "dial must be multiaddr or enode"),
        ("announce-ip: 10.0.0\n", "announce-ip must be an IPv4 address"),
        ("topics: [\"\"]\n", "must be 1…50 bytes"),
        ("servers: [\"/ip4/127.0.0.1/tcp/30304\"]\n", "must be a libp2p multiaddr with a peer id"),
        ("ttl-seconds: 0\n", "ttl-seconds"),
        ("discover-limit: 0\n", "discover-limit"),
        ("discovers-per-minute: -1\n", "discovers-per-minute"),
        ("tcp-port: 70000\n", "tcp-port"),
    ])
    func refusesBadSettingsSayingWhy(yaml: String, reason: String) {
        do {
            _ = try decode(yaml)
            Issue.record("\(yaml) was accepted")
        } catch {
            #expect(String(describing: error).contains(reason), "\(error)")
        }
    }

    @Test func theBudgetCapsDiscoversPerMinute() {
        var budget = RendBudget(discoversPerMinute: 2, bytesPerMinute: 10_000)
        let t0 = Date(timeIntervalSince1970: 1_000)
        for second in [0.0, 1.0] {
            let allowed = budget.allowsDiscover(now: t0 + second)
            #expect(allowed)
            budget.noteDiscover(now: t0 + second)
        }
        let full = budget.allowsDiscover(now: t0 + 59)
        #expect(!full)
        let later = budget.allowsDiscover(now: t0 + 60)
        #expect(later, "the first DISCOVER left the sliding minute")
    }

    /// Only DISCOVER exchanges spend the byte budget: a client re-registering every second (as the network tests
    /// do) must still be able to look for peers.
    @Test func onlyDiscoverBytesSpendTheByteBudget() {
        var budget = RendBudget(discoversPerMinute: 100, bytesPerMinute: 1_000)
        let t0 = Date(timeIntervalSince1970: 1_000)
        var allowed = budget.allowsDiscover(now: t0)
        #expect(allowed)
        budget.noteDiscover(now: t0)
        budget.charge(600, at: t0)
        allowed = budget.allowsDiscover(now: t0 + 1)
        #expect(allowed && budget.spentBytes == 600)
        budget.noteDiscover(now: t0 + 1)
        budget.charge(600, at: t0 + 1)
        allowed = budget.allowsDiscover(now: t0 + 30)
        #expect(!allowed, "1 200 B of DISCOVER traffic in the minute")
        allowed = budget.allowsDiscover(now: t0 + 60.5)
        #expect(allowed && budget.spentBytes == 600)
    }
}
