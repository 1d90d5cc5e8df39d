import Foundation
import Kernel
import Testing

/// The admission policies as pure logic: per-IP/subnet limits, quotas, and which handshake or peer
/// is displaced for a newcomer. Loopback is exempt by default, so these use routable addresses.
struct AdmissionPolicyTests {
    static func peerID() -> PeerID { PeerID((0..<64).map { _ in UInt8.random(in: 0...255) }) }
    let t0 = Date(timeIntervalSince1970: 1_000_000)

    // MARK: Address groups

    @Test func addressesAreGroupedByIPAndSubnet() {
        let a = AddressGroup(host: "203.0.113.7")
        #expect(a.ip == "203.0.113.7" && a.subnet == "203.0.113.0/24" && !a.isLoopback)
        #expect(AddressGroup(host: "::ffff:203.0.113.9").subnet == "203.0.113.0/24")
        let v6 = AddressGroup(host: "2001:db8:1:2:3:4:5:6")
        #expect(v6.subnet == "2001:db8:1:2::/64")
        #expect(AddressGroup(host: "2001:db8:1:2::99").subnet == v6.subnet)
        #expect(AddressGroup(host: "127.0.0.1").isLoopback && AddressGroup(host: "::1").isLoopback)
    }

    // MARK: Handshakes

    func pending(_ id: Int, _ host: String, progressed: Bool = false) -> PendingHandshake {
        PendingHandshake(id: id, group: AddressGroup(host: host), arrival: UInt64(id), progressed: progressed)
    }

    @Test func aFullIPDisplacesItsOwnOldestSilentHandshake() {
        let policy = HandshakeAdmission(limits: HandshakeLimits(total: 64, perIP: 3, perSubnet: 8))
        let flood = [pending(1, "198.51.100.1", progressed: true), pending(2, "198.51.100.1"), pending(3, "198.51.100.1")]
        #expect(policy.decide(AddressGroup(host: "198.51.100.1"), pending: flood) == .admitEvicting(id: 2))
        // Another IP is not affected by that IP's limit.
        #expect(policy.decide(AddressGroup(host: "192.0.2.1"), pending: flood) == .admit)
    }

    @Test func anIPWhoseHandshakesAllProgressedIsRefused() {
        let policy = HandshakeAdmission(limits: HandshakeLimits(total: 64, perIP: 2, perSubnet: 8))
        let busy = [pending(1, "198.51.100.1", progressed: true), pending(2, "198.51.100.1", progressed: true)]
        #expect(policy.decide(AddressGroup(host: "198.51.100.1"), pending: busy)
                == .refuse(.tooManyHandshakesFromIP(ip: "198.51.100.1", limit: 2)))
    }

    @Test func aFullSubnetIsLimitedAcrossItsAddresses() {
        let policy = HandshakeAdmission(limits: HandshakeLimits(total: 64, perIP: 4, perSubnet: 2))
        let subnet = [pending(1, "198.51.100.1", progressed: true), pending(2, "198.51.100.2", progressed: true)]
        #expect(policy.decide(AddressGroup(host: "198.51.100.3"), pending: subnet)
                == .refuse(.tooManyHandshakesFromSubnet(subnet: "198.51.100.0/24", limit: 2)))
    }

    @Test func theGlobalCapDisplacesTheBusiestIPsOldestHandshake() {
        let policy = HandshakeAdmission(limits: HandshakeLimits(total: 4, perIP: 4, perSubnet: 4))
        let all = [pending(1, "192.0.2.1"), pending(2, "198.51.100.1"), pending(3, "198.51.100.1"), pending(4, "203.0.113.1")]
        #expect(policy.decide(AddressGroup(host: "192.0.2.77"), pending: all) == .admitEvicting(id: 2))
    }

    @Test func loopbackIsExemptFromPerIPLimitsUnlessConfigured() {
        let local = (1...3).map { pending($0, "127.0.0.1", progressed: true) }
        let exempt = HandshakeAdmission(limits: HandshakeLimits(total: 8, perIP: 2, perSubnet: 2))
        #expect(exempt.decide(AddressGroup(host: "127.0.0.1"), pending: local) == .admit)
        let strict = HandshakeAdmission(limits: HandshakeLimits(total: 8, perIP: 2, perSubnet: 2, exemptLoopback: false))
        #expect(strict.decide(AddressGroup(host: "127.0.0.1"), pending: local)
                == .refuse(.tooManyHandshakesFromIP(ip: "127.0.0.1", limit: 2)))
    }

    // MARK: Peers

    func peer(_ host: String, _ direction: ConnectionDirection, persistent: Bool = false, score: Int = 0,
              age: TimeInterval = 100, messages: UInt64 = 100) -> AdmittedPeer {
        AdmittedPeer(peer: Self.peerID(), group: AddressGroup(host: host), direction: direction, persistent: persistent,
                     score: score, connectedAt: t0.addingTimeInterval(-age), messagesIn: messages)
    }

    @Test func inboundPeersArePerIPAndPerSubnetLimited() {
        let policy = PeerAdmission(limits: PeerLimits(target: 8, max: 16, maxPerIP: 2, maxPerSubnet: 3))
        let current = [peer("198.51.100.1", .inbound), peer("198.51.100.1", .inbound), peer("198.51.100.2", .inbound)]
        #expect(policy.decide(AdmissionCandidate(group: AddressGroup(host: "198.51.100.1"), direction: .inbound, persistent: false),
                              current: current, now: t0) == .refuse(.tooManyPeersFromIP(ip: "198.51.100.1", limit: 2)))
        #expect(policy.decide(AdmissionCandidate(group: AddressGroup(host: "198.51.100.9"), direction: .inbound, persistent: false),
                              current: current, now: t0) == .refuse(.tooManyPeersFromSubnet(subnet: "198.51.100.0/24", limit: 3)))
        #expect(policy.decide(AdmissionCandidate(group: AddressGroup(host: "192.0.2.1"), direction: .inbound, persistent: false),
                              current: current, now: t0) == .admit)
    }

    @Test func inboundPeersGetAtMostMaxMinusReservedSlots() {
        let limits = PeerLimits(target: 2, max: 4, reservedOutbound: 1)
        #expect(limits.inboundMax == 3)
        #expect(PeerLimits(target: 8, max: 16).inboundMax == 12)
        let policy = PeerAdmission(limits: limits)
        let inbound = [peer("192.0.2.1", .inbound, score: 5), peer("192.0.2.2", .inbound, score: 5),
                       peer("192.0.2.3", .inbound, score: 5)]
        // A newcomer scoring worse than every inbound peer is refused; an outbound dial still has room.
        #expect(policy.decide(AdmissionCandidate(group: AddressGroup(host: "203.0.113.1"), direction: .inbound,
                                                 persistent: false, score: 0), current: inbound, now: t0)
                == .refuse(.inboundSlotsFull(inboundMax: 3)))
        #expect(policy.decide(AdmissionCandidate(group: AddressGroup(host: "203.0.113.1"), direction: .outbound,
                                                 persistent: false), current: inbound, now: t0) == .admit)
    }

    @Test func anOutboundDialEvictsAnInboundPeerWhenEverySlotIsTaken() {
        let policy = PeerAdmission(limits: PeerLimits(target: 1, max: 2, reservedOutbound: 0))
        let victim = peer("192.0.2.1", .inbound)
        let current = [victim, peer("192.0.2.2", .outbound)]
        #expect(policy.decide(AdmissionCandidate(group: AddressGroup(host: "203.0.113.1"), direction: .outbound,
                                                 persistent: false), current: current, now: t0) == .evict(victim: victim.peer))
        // Only outbound and persistent peers left: nothing to evict.
        let fixed = [peer("192.0.2.1", .inbound, persistent: true), peer("192.0.2.2", .outbound)]
        #expect(policy.decide(AdmissionCandidate(group: AddressGroup(host: "203.0.113.1"), direction: .inbound,
                                                 persistent: false), current: fixed, now: t0) == .refuse(.tooManyPeers(max: 2)))
    }

    @Test func evictionPicksTheDocumentedVictim() {
        let policy = PeerAdmission(limits: PeerLimits(target: 2, max: 6, reservedOutbound: 2))
        let penalised = peer("192.0.2.1", .inbound, score: -20)
        var current = [peer("192.0.2.2", .inbound), peer("198.51.100.1", .inbound), peer("198.51.100.2", .inbound),
                       penalised, peer("203.0.113.1", .inbound), peer("203.0.113.2", .inbound, persistent: true, score: -90),
                       peer("203.0.113.3", .outbound, score: -90)]
        let candidate = AdmissionCandidate(group: AddressGroup(host: "100.64.0.1"), direction: .inbound, persistent: false)
        // 1. lowest score (persistent and outbound peers are never candidates).
        #expect(policy.decide(candidate, current: current, now: t0) == .evict(victim: penalised.peer))
        current.removeAll { $0.peer == penalised.peer }
        current.append(peer("192.0.2.9", .inbound))
        // 2. among equal scores, the most crowded subnet (198.51.100/24 and 192.0.2/24 have two each:
        // 3. then the fewest messages per second; 4. then the newest).
        let slow = peer("198.51.100.3", .inbound, age: 100, messages: 1)
        current.removeAll { $0.group.ip == "198.51.100.1" }
        current.append(slow)
        #expect(policy.victim(among: current, for: candidate, now: t0)?.peer == slow.peer)
        let sameRate = [peer("192.0.2.1", .inbound, age: 100), peer("192.0.2.2", .inbound, age: 10, messages: 10)]
        #expect(policy.victim(among: sameRate, for: candidate, now: t0)?.peer == sameRate[1].peer)
        // A candidate scoring worse than every inbound peer displaces none of them.
        let worse = AdmissionCandidate(group: candidate.group, direction: .inbound, persistent: false, score: -1)
        #expect(policy.victim(among: current, for: worse, now: t0) == nil)
    }

    @Test func equalPeersFromDistinctNetworksDoNotChurn() {
        let policy = PeerAdmission(limits: PeerLimits(target: 0, max: 2, reservedOutbound: 0))
        let spread = [peer("192.0.2.1", .inbound), peer("198.51.100.1", .inbound)]
        let newcomer = AdmissionCandidate(group: AddressGroup(host: "203.0.113.1"), direction: .inbound, persistent: false)
        #expect(policy.decide(newcomer, current: spread, now: t0) == .refuse(.inboundSlotsFull(inboundMax: 2)))
        // Loopback peers share one subnet: equal scores never evict each other.
        let local = [peer("127.0.0.1", .inbound), peer("127.0.0.1", .inbound)]
        let localNewcomer = AdmissionCandidate(group: AddressGroup(host: "127.0.0.1"), direction: .inbound, persistent: false)
        #expect(policy.decide(localNewcomer, current: local, now: t0) == .refuse(.inboundSlotsFull(inboundMax: 2)))
        // One network holding both slots gives one up to a newcomer from elsewhere.
        let crowded = [peer("192.0.2.1", .inbound), peer("192.0.2.2", .inbound, age: 5, messages: 5)]
        #expect(policy.decide(newcomer, current: crowded, now: t0) == .evict(victim: crowded[1].peer))
    }

    @Test func persistentPeersAreAlwaysAdmitted() {
        let policy = PeerAdmission(limits: PeerLimits(target: 1, max: 1, maxPerIP: 1, maxPerSubnet: 1))
        let full = [peer("192.0.2.1", .outbound)]
        #expect(policy.decide(AdmissionCandidate(group: AddressGroup(host: "192.0.2.1"), direction: .inbound, persistent: true),
                              current: full, now: t0) == .admit)
    }

    @Test func peerLimitSettingsAreRangeChecked() throws {
        #expect(throws: (any Error).self) { try ProfileLoader.parse(text: "node: { peers: { max: 4, reserved-outbound: 5 } }", file: "p.yaml") }
        #expect(throws: (any Error).self) { try ProfileLoader.parse(text: "node: { peers: { max-per-ip: 0 } }", file: "p.yaml") }
        #expect(throws: (any Error).self) { try ProfileLoader.parse(text: "node: { peers: { max-per-ip: 4, max-per-subnet: 2 } }", file: "p.yaml") }
        let peers = try ProfileLoader.parse(text: "node: { peers: { max: 2, reserved-outbound: 1, max-per-ip: 1, exempt-loopback: false } }",
                                            file: "p.yaml").node.peers
        #expect(peers == PeerLimits(target: 2, max: 2, reservedOutbound: 1, maxPerIP: 1, exemptLoopback: false))
        #expect(peers.ipLimit == 1 && peers.subnetLimit == 2 && peers.inboundMax == 1)
        #expect(PeerLimits().ipLimit == 4 && PeerLimits().subnetLimit == 8 && PeerLimits().inboundMax == 12)
    }
}
