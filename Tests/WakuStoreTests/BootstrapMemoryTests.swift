import Kernel
import MemoryTransport
import Primitives
import StaticPeers
import Testing
import TestKit
@testable import Bootstrap

/// Three kernels over the memory transport: A and B know only the bootstrap node S, and find each
/// other through `bootstrap-peers`. Plus profile checks and hostile peers against a real kernel.
@Suite(.serialized) struct BootstrapMemoryTests {
    let harness = NodeHarness(extraFactories: [StaticPeersPlugin.factory(), BootstrapPeersPlugin.factory(),
                                               BootstrapHostilePlugin.factory()])

    func bootstrapNode(_ name: String, directory: BootstrapDirectory) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [BootstrapPlugin.factory(directory: directory)]))
        try await kernel.start(harness.profile(name, """
            node: { peers: { max: 200 } }
            plugins:
              memory: { name: \(name) }
              bootstrap: { max-peers-per-answer: 8 }
            """))
        return kernel
    }

    func clientNode(_ name: String, bootstrap: String, extra: String = "  bootstrap-peers: { refresh-seconds: 1 }\n") async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [BootstrapPlugin.factory()]))
        try await kernel.start(harness.profile(name, "plugins:\n  memory: { name: \(name) }\n"
            + "  static-peers: { peers: [\"memory://\(bootstrap)\"] }\n" + extra))
        return kernel
    }

    @Test(.timeLimit(.minutes(1))) func twoNodesThatKnowOnlyTheBootstrapNodeConnectToEachOther() async throws {
        defer { harness.cleanUp() }
        let directory = BootstrapDirectory()
        let s = try await bootstrapNode("s", directory: directory)
        let a = try await clientNode("a", bootstrap: "s")
        let b = try await clientNode("b", bootstrap: "s")
        let idA = a.identity.peerID, idB = b.identity.peerID
        try await eventually("A and B are connected", timeout: .seconds(20)) {
            let aSeesB = await a.bootstrapConnectedIDs().contains(idB.hex)
            let bSeesA = await b.bootstrapConnectedIDs().contains(idA.hex)
            return aSeesB && bSeesA
        }
        #expect(await a.bootstrapConnectedIDs() == [s.identity.peerID.hex, idB.hex])
        // S lists both by the name their connections came from, and hands out no one else.
        let listed = Set(await directory.addresses.map(\.description))
        #expect(listed == ["memory://a", "memory://b"])
        #expect(Set(await directory.addresses.compactMap(\.peerID)) == [idA, idB])
        // One of them dialled the other because bootstrap-peers named it.
        let bookA = await a.network.bookEntry(for: PeerAddress(scheme: "memory", peerID: idB, host: "b", port: 0))
        let bookB = await b.network.bookEntry(for: PeerAddress(scheme: "memory", peerID: idA, host: "a", port: 0))
        #expect(bookA?.source == "bootstrap-peers" || bookB?.source == "bootstrap-peers")
        // Discovery traffic is accounted to the source; the plugin reports a bootstrap node.
        let statusA = await a.status()
        let traffic = try #require(statusA.network.sourceTraffic["bootstrap-peers"])
        #expect(traffic.packetsOut >= 2 && traffic.packetsIn >= 2 && traffic.bytesIn > 0)
        #expect(statusA.network.discoverySources.contains("bootstrap-peers"))
        #expect(statusA.plugins.first { $0.key == "bootstrap-peers" }?.health == "healthy")
        #expect(await s.status().network.handlers == ["pex/1"])
        await a.stop()
        try await eventually("S unlists A when it leaves") { await directory.count == 1 }
        #expect(await directory.addresses.map(\.description) == ["memory://b"])
        await b.stop()
        await s.stop()
    }

    @Test(.timeLimit(.minutes(1))) func switchingRoleKeepsConnectionsAndNobodyIsPenalised() async throws {
        defer { harness.cleanUp() }
        let s = try await bootstrapNode("rs", directory: BootstrapDirectory())
        let directoryA = BootstrapDirectory()
        let registryA = harness.registry(including: [BootstrapPlugin.factory(directory: directoryA)])
        let a = try harness.kernel("ra", registry: registryA)
        let clientYAML = "plugins:\n  memory: { name: ra }\n  static-peers: { peers: [\"memory://rs\"] }\n"
        try await a.start(harness.profile("ra", clientYAML + "  bootstrap-peers: { refresh-seconds: 1 }\n"))
        let b = try await clientNode("rb", bootstrap: "rs")
        let penalties = [EventLog(s.events, PeerPenalized.self), EventLog(a.events, PeerPenalized.self),
                         EventLog(b.events, PeerPenalized.self)]
        try await eventually("A and B are connected", timeout: .seconds(20)) {
            await a.bootstrapConnectedIDs().contains(b.identity.peerID.hex)
        }
        let before = await a.bootstrapConnectedIDs()

        // A becomes a bootstrap node itself: its new handler re-announces on the open pex/1 streams,
        // and both peers answer with their Announce instead of treating it as a violation.
        try await a.apply(harness.profile("ra-serving", clientYAML + "  bootstrap: {}\n"))
        try await eventually("A lists S and B from their answers") { await directoryA.count == 2 }
        #expect(Set(await directoryA.addresses.map(\.description)) == ["memory://rs", "memory://rb"])
        #expect(await a.bootstrapConnectedIDs() == before)
        #expect(await a.status().network.handlers == ["pex/1"])
        for log in penalties { #expect(await log.next(timeout: .milliseconds(1500)) == nil) }
        await b.stop()
        await a.stop()
        await s.stop()
    }

    @Test func aNodeThatDoesNotAnnounceIsNotHandedOut() async throws {
        defer { harness.cleanUp() }
        let directory = BootstrapDirectory()
        let s = try await bootstrapNode("s2", directory: directory)
        let quiet = try await clientNode("quiet", bootstrap: "s2", extra: "  bootstrap-peers: { announce: false }\n")
        let loud = try await clientNode("loud", bootstrap: "s2")
        try await eventually("loud is listed") { await directory.count == 1 }
        #expect(await directory.addresses.map(\.description) == ["memory://loud"])
        try await eventually("both connected to S") { await s.bootstrapConnectedIDs().count == 2 }
        #expect(await directory.count == 1)
        await quiet.stop()
        await loud.stop()
        await s.stop()
    }

    @Test func aProfileWithBothRolesIsRejectedBeforeAnythingStarts() throws {
        defer { harness.cleanUp() }
        let registry = harness.registry(including: [BootstrapPlugin.factory()])
        let both = try harness.profile("both", "plugins:\n  memory: {}\n  bootstrap: {}\n  bootstrap-peers: {}\n")
        let error = try #require(throws: PlanError.self) { try LifecyclePlan.make(profile: both, registry: registry) }
        guard case .duplicateProvider(PexCapability.exclusiveCapability, ["bootstrap", "bootstrap-peers"], _, _) = error else {
            Issue.record("expected duplicateProvider, got \(error)")
            return
        }
        #expect("\(error)".contains("remove one of them from the profile"))
        for single in ["bootstrap", "bootstrap-peers"] {
            let profile = try harness.profile(single, "plugins:\n  memory: {}\n  \(single): {}\n")
            let plan = try LifecyclePlan.make(profile: profile, registry: registry)
            #expect(plan.order.map(\.key) == ["memory", single])
        }
        #expect(registry.providers(of: "peer-exchange").map(\.key) == ["bootstrap", "bootstrap-peers"])
    }

    @Test func aSecondPexPluginFailsToStartWithAClearError() async throws {
        defer { harness.cleanUp() }
        let kernel = try harness.kernel("dup", registry: harness.registry(including: [BootstrapPlugin.factory()]))
        await #expect { try await kernel.start(harness.profile("dup", "plugins:\n  memory: {}\n  bootstrap-hostile: {}\n  bootstrap: {}\n")) }
            throws: { "\($0)".contains("either `bootstrap`") && "\($0)".contains("not both") }
    }

    @Test func configMistakesAreClearErrors() async throws {
        defer { harness.cleanUp() }
        let registry = harness.registry(including: [BootstrapPlugin.factory()])
        for (yaml, text) in [("bootstrap: { max-peers-per-answer: 65 }", "1…64"),
                             ("bootstrap: { directory-size: 0 }", "expected 1…1000000, got 0"),
                             ("bootstrap: { get-peers-per-second: 0 }", "expected 0.001…1000.0, got 0.0"),
                             ("bootstrap: { max-peers: 3 }", "max-peers"),
                             ("bootstrap-peers: { refresh-seconds: 0.5 }", "expected 1.0…86400.0 seconds (bootstrap nodes rate-limit"),
                             ("bootstrap-peers: { peers-per-request: 0 }", "1…64"),
                             ("bootstrap-peers: { announce-timeout-seconds: -1 }", "expected 0.01…3600.0 seconds, got -1.0")] {
            let profile = try harness.profile("bad", "plugins:\n  memory: {}\n  \(yaml)\n")
            #expect(throws: PlanError.self, "\(yaml)") { try LifecyclePlan.make(profile: profile, registry: registry) }
            do { _ = try LifecyclePlan.make(profile: profile, registry: registry) } catch {
                #expect("\(error)".contains(text), "\(yaml): \(error)")
            }
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: [
        (BootstrapHostileMode.flood, "too many GetPeers"),
        (BootstrapHostileMode.garbage, "malformed GetPeers"),
        (BootstrapHostileMode.unsolicited, "no GetPeers was outstanding"),
    ]) func hostilePeersArePenalisedAndDropped(mode: BootstrapHostileMode, reason: String) async throws {
        defer { harness.cleanUp() }
        let directory = BootstrapDirectory()
        let s = try await bootstrapNode("s-\(mode)", directory: directory)
        let penalties = EventLog(s.events, PeerPenalized.self)
        let disconnects = EventLog(s.events, PeerDisconnected.self)
        let hostile = try await clientNode("h-\(mode)", bootstrap: "s-\(mode)", extra: "  bootstrap-hostile: { mode: \(mode.rawValue) }\n")
        let first = try #require(await penalties.next())
        #expect(first.peer == hostile.identity.peerID)
        #expect(first.penalty.reason.contains(reason))
        let gone = try #require(await disconnects.next())
        #expect(gone.peer == hostile.identity.peerID)
        let address = PeerAddress(scheme: "memory", peerID: hostile.identity.peerID, host: "h-\(mode)", port: 0)
        let entry = await s.network.bookEntry(for: address)
        #expect((entry?.score ?? 0) <= PeerBook.banThreshold)   // banned: it cannot come straight back
        #expect(await directory.count == 0)
        await hostile.stop()
        await s.stop()
    }
}
