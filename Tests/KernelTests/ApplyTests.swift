import Foundation
import Kernel
import MemoryTransport
import StaticPeers
import Testing
import TestKit

/// Runtime role switching: only the diff restarts; kept plugins and their connections survive.
@Suite struct ApplyTests {
    let harness = NodeHarness()
    let recorder = LifecycleRecorder()

    func registry(echo: AsyncMessageQueue<EchoSession>? = nil) -> PluginRegistry {
        harness.registry(including: [
            StaticPeersPlugin.factory(),
            EchoPlugin.factory(sessions: echo),
            RecordingPlugin.factory(key: "relay-probe", provides: ["relay"], requires: [.transport], recorder: recorder),
            RecordingPlugin.factory(key: "store-probe", provides: ["store"], requires: ["relay"], recorder: recorder),
            RecordingPlugin.factory(key: "light-probe", requires: [.transport], recorder: recorder),
        ])
    }

    @Test func switchingProfilesTouchesOnlyTheDiffAndKeepsConnections() async throws {
        defer { harness.cleanUp() }
        let echoA = AsyncMessageQueue<EchoSession>()
        let nodeB = try harness.kernel("b", registry: registry())
        try await nodeB.start(harness.profile("b", """
            plugins:
              memory: { name: b }
              echo:
            """))
        let nodeA = try harness.kernel("a", registry: registry(echo: echoA))
        let connected = EventLog(nodeA.events, PeerConnected.self)
        let disconnected = EventLog(nodeA.events, PeerDisconnected.self)
        let light = try harness.profile("light", """
            name: light
            plugins:
              memory: { name: a }
              static-peers: { peers: ["memory://b"] }
              echo:
              light-probe:
            """)
        let full = try harness.profile("full", """
            name: full
            extends: light
            plugins:
              light-probe: false
              relay-probe:
              store-probe:
            """)
        try await nodeA.start(light)
        let first = try #require(await connected.next())
        #expect(first.peer == nodeB.identity.peerID)
        let session = try #require(await echoA.next(within: .seconds(10)))
        try await session.stream.send(FramedMessage(code: 0, payload: [1, 2, 3]))
        #expect(try await session.stream.receive() == FramedMessage(code: 1, payload: [1, 2, 3]))

        let report = try await nodeA.apply(full)

        #expect(report.stopped == ["light-probe"])
        #expect(report.started == ["relay-probe", "store-probe"])
        #expect(Set(report.kept) == ["memory", "static-peers", "echo"])
        #expect(recorder.prepareCount("light-probe") == 1)
        #expect(recorder.log.contains("stopped:light-probe"))
        // The connection owned by the kept memory transport survived: same stream still echoes,
        // no disconnect and no second connect happened.
        try await session.stream.send(FramedMessage(code: 0, payload: [4]))
        #expect(try await session.stream.receive() == FramedMessage(code: 1, payload: [4]))
        #expect(disconnected.pending == 0)
        #expect(connected.pending == 0)
        #expect(await nodeA.runningPlugins == ["memory", "static-peers", "echo", "relay-probe", "store-probe"])

        // And back: relay and store stop in reverse dependency order, the transport stays.
        let back = try await nodeA.apply(light)
        #expect(back.stopped == ["store-probe", "relay-probe"])
        #expect(back.started == ["light-probe"])
        #expect(disconnected.pending == 0)
        await nodeA.stop()
        await nodeB.stop()
    }

    @Test func aPluginThatFailsToStartRollsTheNodeBack() async throws {
        defer { harness.cleanUp() }
        let node = try harness.kernel("rollback", registry: registry())
        let light = try harness.profile("light", """
            plugins:
              memory: { name: rollback }
              light-probe:
            """)
        let broken = try harness.profile("broken", """
            plugins:
              memory: { name: rollback }
              relay-probe:
              store-probe: { fail-prepare: true }
            """)
        try await node.start(light)
        await #expect {
            try await node.apply(broken)
        } throws: { error in
            "\(error)".contains("plugin 'store-probe' failed to start") && "\(error)".contains("rolled back")
        }
        #expect(await node.runningPlugins == ["memory", "light-probe"])
        #expect(await node.currentProfile?.name == "light")
        #expect(recorder.prepareCount("light-probe") == 2)   // stopped by the switch, restarted by the rollback
        #expect(recorder.prepareCount("memory") == 0)        // the transport is not a recording plugin…
        #expect(recorder.log.contains("stopped:relay-probe"))
        await node.stop()
    }

    @Test func changedConfigurationRestartsOnlyThatPlugin() async throws {
        defer { harness.cleanUp() }
        let node = try harness.kernel("changed", registry: registry())
        try await node.start(harness.profile("one", """
            plugins:
              memory: { name: changed }
              relay-probe: { tag: one }
            """))
        let report = try await node.apply(harness.profile("two", """
            plugins:
              memory: { name: changed }
              relay-probe: { tag: two }
            """))
        #expect(report.stopped == ["relay-probe"])
        #expect(report.started == ["relay-probe"])
        #expect(report.kept == ["memory"])
        await node.stop()
    }

    @Test func aPluginIgnoringItsStopSignalIsCancelledAfterTheGracePeriod() async throws {
        defer { harness.cleanUp() }
        let node = try harness.kernel("stubborn", registry: registry())
        try await node.start(harness.profile("stubborn", """
            node: { grace-period-seconds: 0.2 }
            plugins:
              memory: { name: stubborn }
              light-probe: { ignore-stop: true }
            """))
        let began = ContinuousClock.now
        await node.stop()
        #expect(ContinuousClock.now - began < .seconds(5))
        #expect(recorder.log.contains("stopped:light-probe"))
    }
}

/// Dependents restart with the plugin they depend on.
@Suite struct DependentRestartTests {
    let harness = NodeHarness()
    let recorder = LifecycleRecorder()

    @Test func aKeptPluginRestartsWhenItsProviderRestarts() async throws {
        defer { harness.cleanUp() }
        let registry = harness.registry(including: [
            RecordingPlugin.factory(key: "relay-probe", provides: ["relay"], requires: [.transport], recorder: recorder),
            RecordingPlugin.factory(key: "store-probe", provides: ["store"], requires: ["relay"], recorder: recorder),
            RecordingPlugin.factory(key: "independent", recorder: recorder),
        ])
        let node = try harness.kernel("deps", registry: registry)
        try await node.start(harness.profile("one", """
            plugins:
              memory: { name: deps }
              relay-probe: { tag: one }
              store-probe:
              independent:
            """))
        let report = try await node.apply(harness.profile("two", """
            plugins:
              memory: { name: deps }
              relay-probe: { tag: two }
              store-probe:
              independent:
            """))
        #expect(report.stopped == ["store-probe", "relay-probe"])
        #expect(report.started == ["relay-probe", "store-probe"])
        #expect(Set(report.kept) == ["memory", "independent"])
        #expect(recorder.prepareCount("independent") == 1)
        await node.stop()
    }
}
