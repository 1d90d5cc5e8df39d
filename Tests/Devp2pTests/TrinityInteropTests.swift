@testable import Devp2p
import Foundation
import Kernel
import Primitives
import StaticPeers
import Synchronization
import Testing
import TestKit
#if canImport(Glibc)
import Glibc
#endif

/// Live interop against an RLPx stack nobody on the team wrote: the `p2p` package of Trinity
/// (PyPI `trinity==0.1.0a37`), driven by `Tests/Interop/rlpx_peer.py` over loopback TCP.
///
/// Both directions (Parley dials Trinity, Trinity dials Parley) × both handshake formats (EIP-8,
/// legacy) × both base-protocol versions (5 = snappy after Hello, 4 = no snappy): Hello contents
/// on each side, Ping/Pong both ways, `echo/1` requests both ways, and the Disconnect at the end.
/// Refusals: a peer without shared capabilities and one beyond the peer limit must receive the
/// reason (neither did before this suite: no Disconnect in the Hello phase; an abrupt close after
/// Disconnect made Trinity's asyncio drop it).
///
/// Runs when `PARLEY_PYTHON` names a Python with Trinity installed (`scripts/setup.sh --with-venv`);
/// with `PARLEY_REQUIRE_INTEROP=1` (CI) a missing or incomplete Python fails instead of skipping.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct TrinityInteropTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory()])
    static let parleyClientID = "Parley/interop-test/swift6"
    static let trinityClientID = "trinity-p2p/0.1.0a37/parley-interop"
    /// Port Trinity announces in its Hello (it listens elsewhere or not at all).
    static let trinityAnnouncedPort = 30399

    @Test func interopConfiguredWhenRequired() throws {
        guard TrinityPython.required else { return }
        let python = try #require(TrinityPython.python, TrinityPython.missingPythonMessage)
        #expect(TrinityPython.readiness == nil, "\(python) cannot run rlpx_peer.py: \(TrinityPython.readiness ?? "")")
    }

    // MARK: Parley dials Trinity

    @Test(.enabled(if: TrinityPython.shouldRun, "PARLEY_PYTHON without Trinity's p2p package; interop skipped"),
          arguments: [RLPxHandshakeFormat.eip8, .legacy], [5, 4])
    func parleyDialsTrinity(format: RLPxHandshakeFormat, p2pVersion: Int) async throws {
        defer { harness.cleanUp() }
        let python = try #require(TrinityPython.python, TrinityPython.missingPythonMessage)
        let trinityKey = PrivateKey.generate()
        let request = Array("parley-dialled-\(p2pVersion)".utf8)
        let peer = try TrinityPeer.start(python: python, arguments: [
            "listen", "--key", Hex.encode(trinityKey.rawBytes), "--p2p-version", "\(p2pVersion)",
            "--client-id", Self.trinityClientID, "--listen-port", "\(Self.trinityAnnouncedPort)",
            "--request", Hex.encode(request), "--expect-requests", "\(Self.echoValues.count)",
        ])
        defer { peer.terminate() }
        let listening = try await peer.event("listening")
        let trinityPort = try #require(listening.port)
        let trinityEnode = "enode://\(Hex.encode(trinityKey.publicKey.raw64))@127.0.0.1:\(trinityPort)"

        let sessions = AsyncMessageQueue<InteropEchoSession>()
        try await withNode("parley", """
            plugins:
              devp2p: { host: 127.0.0.1, port: 0, client-id: "\(Self.parleyClientID)", legacy-handshake: \(format == .legacy),
                        ping-interval-seconds: 0.3, idle-timeout-seconds: 10 }
              echo:
              static-peers: { peers: ["\(trinityEnode)"] }
            """, sessions: sessions) { parley in
            let session = try await nextSession(sessions, peer: peer)
            try expectTrinityHello(session, key: trinityKey)

            let handshake = try await peer.event("handshake")
            #expect(handshake.role == "recipient")
            #expect(handshake.format == (format == .legacy ? "legacy" : "eip8"))
            #expect(handshake.remote == parley.identity.peerID.hex)
            try await expectParleyHello(peer, parley: parley, p2pVersion: p2pVersion)

            let served = try await exchangeEchoes(session, peer: peer)
            #expect(served == [RLP.encode(.bytes(request))])
            try await expectTrinityServed(peer)

            let status = await parley.status().network
            let entry = try #require(status.peers.first)
            #expect(entry.id == PeerID(publicKey: trinityKey.publicKey).hex)
            #expect(entry.direction == .outbound)
            #expect(entry.protocols == ["echo/1"])
        }
        // Stopping Parley sends Disconnect(client quitting) to Trinity.
        let disconnect = try await peer.event("disconnect")
        #expect(disconnect.reason == Int(DisconnectReason.clientQuitting.code))
        #expect(try await peer.exitStatus() == 0)
    }

    // MARK: Trinity dials Parley

    @Test(.enabled(if: TrinityPython.shouldRun, "PARLEY_PYTHON without Trinity's p2p package; interop skipped"),
          arguments: [RLPxHandshakeFormat.eip8, .legacy], [5, 4])
    func trinityDialsParley(format: RLPxHandshakeFormat, p2pVersion: Int) async throws {
        defer { harness.cleanUp() }
        let python = try #require(TrinityPython.python, TrinityPython.missingPythonMessage)
        let trinityKey = PrivateKey.generate()
        let request = Array("trinity-dialled-\(p2pVersion)".utf8)
        let sessions = AsyncMessageQueue<InteropEchoSession>()
        try await withNode("parley", """
            plugins:
              devp2p: { host: 127.0.0.1, port: 0, client-id: "\(Self.parleyClientID)",
                        ping-interval-seconds: 0.3, idle-timeout-seconds: 10 }
              echo:
            """, sessions: sessions) { parley in
            let disconnects = EventLog(parley.events, PeerDisconnected.self)
            let port = try #require(await parley.status().network.listenPorts["devp2p"])
            let peer = try TrinityPeer.start(python: python, arguments: [
                "dial", "--key", Hex.encode(trinityKey.rawBytes), "--enode", parley.identity.enode(host: "127.0.0.1", port: port),
                "--handshake", format == .legacy ? "legacy" : "eip8", "--p2p-version", "\(p2pVersion)",
                "--client-id", Self.trinityClientID, "--listen-port", "\(Self.trinityAnnouncedPort)",
                "--request", Hex.encode(request),
                "--expect-requests", "\(Self.echoValues.count)", "--hangup",
            ])
            defer { peer.terminate() }
            let session = try await nextSession(sessions, peer: peer)
            try expectTrinityHello(session, key: trinityKey)
            #expect(session.peer.address.port == UInt16(Self.trinityAnnouncedPort))

            let handshake = try await peer.event("handshake")
            #expect(handshake.role == "initiator")
            #expect(handshake.format == (format == .legacy ? "legacy" : "eip8"))
            #expect(handshake.remote == parley.identity.peerID.hex)
            try await expectParleyHello(peer, parley: parley, p2pVersion: p2pVersion)

            // Parley read Trinity's Hello: node id (the session's peer), listen port, capabilities.
            let status = await parley.status().network
            let entry = try #require(status.peers.first)
            #expect(entry.direction == .inbound)
            #expect(entry.protocols == ["echo/1"])
            #expect(entry.address == "enode://\(Hex.encode(trinityKey.publicKey.raw64))@127.0.0.1:\(Self.trinityAnnouncedPort)")

            let served = try await exchangeEchoes(session, peer: peer)
            #expect(served == [RLP.encode(.bytes(request))])
            try await expectTrinityServed(peer)

            // Trinity hangs up with Disconnect(client quitting): the stream ends and the peer is gone.
            _ = try await peer.event("exchange-complete")
            let end = try await within("the echo stream to end after Trinity's Disconnect", transcript: peer) {
                try await session.stream.receive()
            }
            #expect(end == nil)
            let disconnected = try #require(await disconnects.next(timeout: .seconds(10)))
            #expect(disconnected.peer == PeerID(publicKey: trinityKey.publicKey))
            #expect(disconnected.reason.code == DisconnectReason.clientQuitting.code)
            try await eventually("Parley drops the peer", timeout: .seconds(10)) {
                await parley.status().network.peers.isEmpty
            }
            #expect(try await peer.exitStatus() == 0)
            let closed = try await peer.event("closed")
            #expect(closed.outcome == "hangup")
        }
    }

    // MARK: Refusals

    /// Trinity announces only a capability Parley lacks: Parley must say why it hangs up
    /// (Disconnect "useless peer" right after the Hellos, compressed iff Trinity's Hello says 5).
    @Test(.enabled(if: TrinityPython.shouldRun, "PARLEY_PYTHON without Trinity's p2p package; interop skipped"),
          arguments: [5, 4])
    func parleyTellsTrinityItIsUseless(p2pVersion: Int) async throws {
        defer { harness.cleanUp() }
        let python = try #require(TrinityPython.python, TrinityPython.missingPythonMessage)
        let sessions = AsyncMessageQueue<InteropEchoSession>()
        try await withNode("parley", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: }", sessions: sessions) { parley in
            let port = try #require(await parley.status().network.listenPorts["devp2p"])
            let peer = try TrinityPeer.start(python: python, arguments: [
                "dial", "--key", Hex.encode(PrivateKey.generate().rawBytes),
                "--enode", parley.identity.enode(host: "127.0.0.1", port: port),
                "--handshake", "eip8", "--p2p-version", "\(p2pVersion)", "--capability", "other/3",
            ])
            defer { peer.terminate() }
            _ = try await peer.event("no-shared-capability")
            let disconnect = try await peer.event("disconnect")
            #expect(disconnect.reason == Int(DisconnectReason.uselessPeer.code))
            #expect(try await peer.exitStatus() == 0)
            #expect(await parley.status().network.peers.isEmpty)
            #expect(sessions.count == 0)
        }
    }

    /// A node at its peer limit refuses the next inbound peer after the Hellos with "too many peers".
    @Test(.enabled(if: TrinityPython.shouldRun, "PARLEY_PYTHON without Trinity's p2p package; interop skipped"))
    func aFullParleyTellsTrinityTooManyPeers() async throws {
        defer { harness.cleanUp() }
        let python = try #require(TrinityPython.python, TrinityPython.missingPythonMessage)
        let sessions = AsyncMessageQueue<InteropEchoSession>()
        try await withNode("parley", """
            node: { peers: { target: 1, max: 1 } }
            plugins:
              devp2p: { host: 127.0.0.1, port: 0, ping-interval-seconds: 0.3, idle-timeout-seconds: 10 }
              echo:
            """, sessions: sessions) { parley in
            let enode = parley.identity.enode(host: "127.0.0.1",
                                              port: try #require(await parley.status().network.listenPorts["devp2p"]))
            let first = try TrinityPeer.start(python: python, arguments: [
                "dial", "--key", Hex.encode(PrivateKey.generate().rawBytes), "--enode", enode])
            defer { first.terminate() }
            let session = try await nextSession(sessions, peer: first)
            _ = try await first.event("hello")
            let second = try TrinityPeer.start(python: python, arguments: [
                "dial", "--key", Hex.encode(PrivateKey.generate().rawBytes), "--enode", enode, "--handshake", "eip8"])
            defer { second.terminate() }
            _ = try await second.event("hello")
            let refusal = try await second.event("disconnect")
            #expect(refusal.reason == Int(DisconnectReason.tooManyPeers.code))
            #expect(try await second.exitStatus() == 0)
            // The first peer is still served.
            try await session.stream.send(FramedMessage(code: 0, payload: RLP.encode(.bytes([1, 2, 3]))))
            _ = try await first.event("echo-request") { $0.payload == "010203" }
            #expect(await parley.status().network.peers.map(\.id) == [session.peer.peerID.hex])
        }
    }

    // MARK: Steps shared by both directions

    /// Values Parley asks Trinity to echo: empty, one byte, one kilobyte, 100 kB (one frame each),
    /// then a burst of small ones sent back to back (many frames per TCP read on both sides).
    static let echoValues: [[UInt8]] = ([0, 1, 1000, 100_000] + (0..<48).map { _ in Int.random(in: 0...600) })
        .map { SecureRandom.bytes($0) }
    /// The echo payloads on the wire: RLP byte strings, which Trinity's codec decodes and re-encodes.
    static let echoPayloads: [[UInt8]] = echoValues.map { RLP.encode(.bytes($0)) }

    /// The kernel's echo/1 session with the Trinity peer.
    func nextSession(_ sessions: AsyncMessageQueue<InteropEchoSession>, peer: TrinityPeer) async throws -> InteropEchoSession {
        let session = try await within("Parley's echo/1 session with Trinity", transcript: peer) { await sessions.next() }
        guard let session else { throw InteropFailure("the echo sessions ended; Trinity said: \(peer.transcript)") }
        return session
    }

    /// What Parley read from Trinity's Hello (and the handshake identity it matched).
    func expectTrinityHello(_ session: InteropEchoSession, key: PrivateKey) throws {
        #expect(session.peer.peerID == PeerID(publicKey: key.publicKey))
        #expect(session.peer.transportName == "devp2p")
        let connection = try #require(session.peer.connection as? Devp2pConnection)
        #expect(connection.clientID == Self.trinityClientID)
        #expect(connection.protocols == [EchoHandler.id])
        #expect(connection.table.entry(for: EchoHandler.id) == CapabilityTable.Entry(id: EchoHandler.id, offset: 0x10, length: 2))
    }

    /// What Trinity saw in Parley's Hello.
    func expectParleyHello(_ peer: TrinityPeer, parley: Kernel, p2pVersion: Int) async throws {
        let hello = try await peer.event("hello")
        #expect(hello.version == 5)
        #expect(hello.client == Self.parleyClientID)
        #expect(hello.caps == [TrinityPeer.Capability(name: "echo", version: 1)])
        #expect(hello.nodeID == parley.identity.peerID.hex)
        let port = try #require(await parley.status().network.listenPorts["devp2p"])
        #expect(hello.listenPort == Int(port))
        // Snappy iff both Hellos say version >= 5 (Trinity decides from Parley's 5 and its own version).
        #expect(hello.snappy == (p2pVersion >= 5))
        #expect(hello.echoOffset == 0x10)
    }

    /// Parley sends every payload as an echo request and checks the replies; it also answers
    /// Trinity's own request. Returns the payloads Trinity asked Parley to echo.
    func exchangeEchoes(_ session: InteropEchoSession, peer: TrinityPeer) async throws -> [[UInt8]] {
        for payload in Self.echoPayloads {
            try await session.stream.send(FramedMessage(code: 0, payload: payload))
        }
        var replies: [[UInt8]] = []
        var served: [[UInt8]] = []
        while replies.count < Self.echoPayloads.count || served.isEmpty {
            let message = try await within("echo traffic from Trinity (\(replies.count) replies, \(served.count) requests so far)",
                                           transcript: peer) {
                try await session.stream.receive()
            }
            guard let message else { throw InteropFailure("the echo stream ended early; Trinity said: \(peer.transcript)") }
            switch message.code {
            case 0:
                served.append(message.payload)
                try await session.stream.send(FramedMessage(code: 1, payload: message.payload))
            case 1:
                replies.append(message.payload)
            default:
                throw InteropFailure("unexpected echo code \(message.code)")
            }
        }
        #expect(replies == Self.echoPayloads)
        return served
    }

    /// Trinity got Parley's replies, answered Parley's pings and had its own ping answered.
    func expectTrinityServed(_ peer: TrinityPeer) async throws {
        for value in Self.echoValues {
            let hex = Hex.encode(value)
            _ = try await peer.event("echo-request") { $0.payload == hex }
        }
        let reply = try await peer.event("echo-reply")
        #expect(reply.matches == true)
        _ = try await peer.event("pong")    // Parley answered Trinity's Ping
        _ = try await peer.event("ping")    // Trinity answered Parley's keep-alive Ping
    }

    /// Starts a kernel, runs `body`, and stops the kernel whether or not `body` threw.
    func withNode(_ name: String, _ yaml: String, sessions: AsyncMessageQueue<InteropEchoSession>,
                  _ body: (Kernel) async throws -> Void) async throws {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [InteropEchoPlugin.factory(sessions: sessions)]))
        try await kernel.start(harness.profile(name, yaml))
        do {
            try await body(kernel)
        } catch {
            await kernel.stop()
            throw error
        }
        await kernel.stop()
    }
}

/// One `echo/1` stream with everything the kernel knows about the peer (including the devp2p
/// connection, whose Hello fields the tests check).
struct InteropEchoSession: Sendable {
    let peer: PeerSession
    let stream: any ProtocolStream
}

/// `echo/1` (like TestKit's `EchoPlugin` in client mode) that hands the test the whole `PeerSession`.
struct InteropEchoPlugin: NodePlugin {
    static let descriptor = PluginDescriptor(key: "echo", summary: "test protocol echo/1 (interop)",
                                             provides: ["echo"], requires: [.transport])
    var descriptor: PluginDescriptor { Self.descriptor }
    let sessions: AsyncMessageQueue<InteropEchoSession>

    static func factory(sessions: AsyncMessageQueue<InteropEchoSession>) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: NoSettings.self) { _ in InteropEchoPlugin(sessions: sessions) }
    }

    func prepare(_ context: PluginContext) async throws {
        await context.network.register(handler: Handler(sessions: sessions))
    }

    struct Handler: ProtocolHandler {
        let sessions: AsyncMessageQueue<InteropEchoSession>
        var protocolID: ProtocolID { EchoHandler.id }
        var messageCodeCount: UInt { 2 }

        func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
            sessions.push(InteropEchoSession(peer: peer, stream: stream))
        }
    }
}

/// A failed interop step, with what the Python peer printed.
struct InteropFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body`, failing after `timeout` (the body must react to cancellation, as queue waits do).
func within<T: Sendable>(_ what: String, timeout: Duration = .seconds(20), transcript peer: TrinityPeer? = nil,
                         _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw InteropFailure("timed out after \(timeout) waiting for \(what)\n\(peer?.transcript ?? "")")
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw InteropFailure("no result for \(what)") }
        return first
    }
}

/// The Python that runs `Tests/Interop/rlpx_peer.py`, from `PARLEY_PYTHON`.
enum TrinityPython {
    static let environment = ProcessInfo.processInfo.environment

    static var python: String? {
        guard let value = environment["PARLEY_PYTHON"], !value.isEmpty else { return nil }
        return value.hasPrefix("/") ? value : FileManager.default.currentDirectoryPath + "/" + value
    }

    static var required: Bool { environment["PARLEY_REQUIRE_INTEROP"] == "1" }

    /// nil when `rlpx_peer.py check` succeeds, otherwise why it cannot run (checked once).
    static let readiness: String? = {
        guard let python else { return "PARLEY_PYTHON is not set" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [TrinityPeer.script.path, "check"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return "cannot start \(python): \(error)"
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 && text.contains("\"ready\"") ? nil : text
    }()

    /// Run when Trinity is available, or when interop is required (then its absence fails).
    static var shouldRun: Bool { required || (python != nil && readiness == nil) }

    static let missingPythonMessage: Comment = """
        PARLEY_REQUIRE_INTEROP=1 but PARLEY_PYTHON is not set: create the venv with \
        `scripts/setup.sh --with-venv` and export PARLEY_PYTHON=$PWD/.venv/bin/python
        """
}

/// `rlpx_peer.py` as a subprocess: its JSON event lines, its stderr, and its termination.
///
/// `@unchecked Sendable`: `Process` is only started, signalled and polled; the mutable state (events
/// and the partial stdout line) lives in a `Mutex`.
final class TrinityPeer: @unchecked Sendable {
    /// One capability as `[name, version]`.
    struct Capability: Decodable, Equatable, Sendable, CustomStringConvertible {
        let name: String
        let version: Int

        init(name: String, version: Int) {
            self.name = name
            self.version = version
        }

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            name = try container.decode(String.self)
            version = try container.decode(Int.self)
        }

        var description: String { "\(name)/\(version)" }
    }

    /// One line the peer printed (fields depend on `event`).
    struct Event: Decodable, Sendable {
        let event: String
        let port: Int?
        let role: String?
        let format: String?
        let remote: String?
        let version: Int?
        let client: String?
        let caps: [Capability]?
        let listenPort: Int?
        let nodeID: String?
        let snappy: Bool?
        let echoOffset: Int?
        let payload: String?
        let matches: Bool?
        let reason: Int?
        let outcome: String?
        let message: String?

        enum CodingKeys: String, CodingKey {
            case event, port, role, format, remote, version, client, caps, snappy, payload, matches, reason, outcome, message
            case listenPort = "listen_port", nodeID = "node_id", echoOffset = "echo_offset"
        }
    }

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // Devp2pTests
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Interop/rlpx_peer.py")

    private struct Output {
        var partial = Data()
        var lines: [String] = []
        var events: [Event] = []
        var eof = false
    }

    let process: Process
    private let output = Mutex(Output())
    private let stderrURL: URL

    private init(process: Process, stderrURL: URL) {
        self.process = process
        self.stderrURL = stderrURL
    }

    /// Starts the peer; `--timeout` bounds its own life so it never outlives a broken test.
    static func start(python: String, arguments: [String], timeoutSeconds: Int = 45) throws -> TrinityPeer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path] + arguments + ["--timeout", "\(timeoutSeconds)"]
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("parley-trinity-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        let stdout = Pipe()
        process.standardOutput = stdout
        let peer = TrinityPeer(process: process, stderrURL: stderrURL)
        stdout.fileHandleForReading.readabilityHandler = { [weak peer] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            peer?.consume(data)
        }
        do {
            try process.run()
        } catch {
            stdout.fileHandleForReading.readabilityHandler = nil
            throw InteropFailure("cannot start \(python) (PARLEY_PYTHON): \(error)")
        }
        return peer
    }

    private func consume(_ data: Data) {
        output.withLock { output in
            if data.isEmpty {
                output.eof = true
                return
            }
            output.partial.append(data)
            while let newline = output.partial.firstIndex(of: UInt8(ascii: "\n")) {
                let line = output.partial[output.partial.startIndex..<newline]
                output.partial.removeSubrange(output.partial.startIndex...newline)
                output.lines.append(String(decoding: line, as: UTF8.self))
                if let event = try? JSONDecoder().decode(Event.self, from: Data(line)) {
                    output.events.append(event)
                }
            }
        }
    }

    /// Everything the peer printed so far (stdout lines, then stderr), for failure messages.
    var transcript: String {
        let lines = output.withLock { $0.lines }
        let errors = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return "stdout:\n" + lines.joined(separator: "\n") + "\nstderr:\n" + errors.suffix(4000)
    }

    /// The first event named `name` matching `predicate` (already printed or still to come).
    func event(_ name: String, timeout: Duration = .seconds(20),
               where predicate: (Event) -> Bool = { _ in true }) async throws -> Event {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (events, eof) = output.withLock { ($0.events, $0.eof) }
            if let found = events.first(where: { $0.event == name && predicate($0) }) { return found }
            if let error = events.first(where: { $0.event == "error" }) {
                throw InteropFailure("the Trinity peer failed (\(error.message ?? "?")) before '\(name)'\n\(transcript)")
            }
            if eof && !process.isRunning {
                throw InteropFailure("the Trinity peer exited (\(process.terminationStatus)) before '\(name)'\n\(transcript)")
            }
            if ContinuousClock.now >= deadline {
                throw InteropFailure("timed out after \(timeout) waiting for '\(name)' from the Trinity peer\n\(transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for the peer to exit by itself and returns its status.
    func exitStatus(timeout: Duration = .seconds(15)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                throw InteropFailure("the Trinity peer did not exit within \(timeout)\n\(transcript)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Stops the peer if it still runs: SIGTERM, then SIGKILL after a second. Safe to call twice.
    func terminate() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(1)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: stderrURL)
    }
}
