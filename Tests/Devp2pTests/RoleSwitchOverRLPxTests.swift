import Devp2p
import Kernel
import StaticPeers
import Testing
import TestKit

/// A runtime role switch on a node whose transport is devp2p: the RLPx session owned by the kept
/// transport survives, and still carries capability traffic afterwards.
@Suite struct RoleSwitchOverRLPxTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory()])
    let recorder = LifecycleRecorder()

    @Test func theRLPxSessionSurvivesLightToFullAndBack() async throws {
        defer { harness.cleanUp() }
        let probes = [
            RecordingPlugin.factory(key: "relay-probe", provides: ["relay"], requires: [.transport], recorder: recorder),
            RecordingPlugin.factory(key: "light-probe", requires: [.transport], recorder: recorder),
        ]
        let server = try harness.kernel("server", registry: harness.registry(including: [EchoPlugin.factory()]))
        try await server.start(harness.profile("server", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: }"))
        let port = try #require(await server.status().network.listenPorts["devp2p"])
        let enode = server.identity.enode(host: "127.0.0.1", port: port)

        let sessions = AsyncMessageQueue<EchoSession>()
        let phone = try harness.kernel("phone", registry: harness.registry(including: probes + [EchoPlugin.factory(sessions: sessions)]))
        let lost = EventLog(phone.events, PeerDisconnected.self)
        try await phone.start(harness.profile("light", """
            plugins:
              devp2p: { host: 127.0.0.1, port: 0 }
              static-peers: { peers: ["\(enode)"] }
              echo:
              light-probe:
            """))
        let session = try #require(await sessions.next(within: .seconds(10)))
        let full = try harness.profile("full", """
            extends: light
            plugins:
              light-probe: false
              relay-probe:
            """)

        let report = try await phone.apply(full)
        #expect(report.stopped == ["light-probe"])
        #expect(report.started == ["relay-probe"])
        #expect(Set(report.kept) == ["devp2p", "static-peers", "echo"])
        try await session.stream.send(FramedMessage(code: 0, payload: [1, 2]))
        #expect(try await session.stream.receive() == FramedMessage(code: 1, payload: [1, 2]))

        let back = try await phone.apply(harness.profile("light2", """
            extends: light
            """))
        #expect(back.stopped == ["relay-probe"])
        try await session.stream.send(FramedMessage(code: 0, payload: [3]))
        #expect(try await session.stream.receive() == FramedMessage(code: 1, payload: [3]))
        #expect(lost.pending == 0)
        await phone.stop()
        await server.stop()
    }
}
