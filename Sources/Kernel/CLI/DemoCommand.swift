import ArgumentParser
import Foundation
import Kernel
import Logging
import Primitives

/// `parley demo`: starts a small network of nodes from profiles and narrates what happens — peers
/// connecting, a runtime profile switch that keeps connections up, a peer dropping and being redialled.
///
/// The nodes run in this process on the in-memory transport until the devp2p transport lands; later
/// issues turn this into the life-of-a-message demo.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run the demo network from profiles/demo and narrate it.")

    @Option(help: "Directory with the demo profiles.")
    var profiles: String = "profiles/demo"

    @Option(help: "Log level for the nodes' own logs (they go to stderr).")
    var logLevel: String = "warning"

    func run() async throws {
        try await reportingErrors {
            LogSetup.bootstrap(level: logLevel)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("parley-demo-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let demo = DemoNetwork(profileDirectory: profiles, scratch: scratch)
            try await demo.run()
        }
    }
}

/// The demo's script, step by step.
struct DemoNetwork {
    let profileDirectory: String
    let scratch: String
    let began = ContinuousClock.now

    func say(_ text: String) {
        let elapsed = (ContinuousClock.now - began).seconds
        Console.line(String(format: "[%6.3fs] ", elapsed) + text)
    }

    func profile(_ name: String, overrides: [String] = []) throws -> Profile {
        try ProfileLoader.load(path: (profileDirectory as NSString).appendingPathComponent("\(name).yaml"), overrides: overrides)
    }

    func node(_ name: String) throws -> Kernel {
        let directory = (scratch as NSString).appendingPathComponent(name)
        let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        return Kernel(registry: PluginCatalog.registry(), identity: identity, dataDirectory: directory,
                      logger: Logger(label: "parley.\(name)"),
                      backoff: RedialBackoff(initial: .milliseconds(200), maximum: .seconds(2)))
    }

    /// The node's devp2p address, once its listener is up.
    func enode(_ kernel: Kernel) async throws -> String {
        guard let address = await kernel.network.status().listenAddresses.first(where: { $0.hasPrefix("enode://") }) else {
            throw CLIFailure("the node has no devp2p listener; does its profile include the devp2p plugin?")
        }
        return address
    }

    static func peers(_ urls: [String]) -> String {
        "static-peers.peers=[" + urls.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }

    func run() async throws {
        let hub = try node("hub"), alice = try node("alice"), bob = try node("bob")
        let labels = [hub.identity.peerID: "hub", alice.identity.peerID: "alice", bob.identity.peerID: "bob"]

        try await withThrowingTaskGroup(of: Void.self) { narrators in
            for (name, kernel) in [("hub", hub), ("alice", alice), ("bob", bob)] {
                narrators.addTask { await narrate(name, kernel.events.subscribe(PeerConnected.self), labels) { "connected to \($0) (\($1.direction.rawValue) over \($1.transport), \($1.address.host):\($1.address.port))" } }
                narrators.addTask { await narrate(name, kernel.events.subscribe(PeerDisconnected.self), labels) { "lost \($0): \($1.reason)" } }
            }

            say("starting the hub from \(profileDirectory)/hub.yaml (RLPx on loopback)")
            try await hub.start(try profile("hub"))
            let hubURL = try await enode(hub)
            say("hub listens at \(hubURL)")
            for (name, kernel) in [("alice", alice), ("bob", bob)] {
                let report = try await kernel.start(try profile(name, overrides: [Self.peers([hubURL])]))
                say("\(name): profile '\(report.profile)' started \(report.started.joined(separator: ", ")); listens at \(try await enode(kernel))")
            }
            try await waitUntil("alice and bob completed RLPx handshakes with the hub") { await hub.network.status().peers.count == 2 }

            say("alice switches at runtime to 'alice-direct': same transport, bob added as a second static peer")
            let bobURL = try await enode(bob)
            let report = try await alice.apply(try profile("alice-direct", overrides: [Self.peers([hubURL, bobURL])]))
            say("alice: stopped [\(report.stopped.joined(separator: ", "))], started [\(report.started.joined(separator: ", "))], kept [\(report.kept.joined(separator: ", "))] in \(String(format: "%.2f", report.milliseconds)) ms")
            try await waitUntil("alice reaches bob directly") { await alice.network.status().peers.count == 2 }
            let stillUp = await alice.network.status().peers.contains { $0.id == hub.identity.peerID.hex }
            say("alice's RLPx session with the hub stayed up through the switch: \(stillUp)")

            say("bob stops; alice keeps redialling her static peer with backoff")
            await bob.stop()
            try await Task.sleep(for: .milliseconds(600))
            let bobPort = bobURL.split(separator: ":").last.map(String.init) ?? "0"
            say("bob comes back with the same key on the same port (released at stop)")
            let bobAgain = try node("bob")
            narrators.addTask { await narrate("bob", bobAgain.events.subscribe(PeerConnected.self), labels) { "connected to \($0) (\($1.direction.rawValue))" } }
            try await bobAgain.start(try profile("bob", overrides: [Self.peers([hubURL]), "devp2p.port=\(bobPort)"]))
            try await waitUntil("alice's redial reaches bob again") { await alice.network.status().peers.count == 2 }

            let status = await alice.status()
            let traffic = status.network.peers.map { "\(labels[PeerID((try? Hex.decode($0.id)) ?? [])] ?? "?"): \($0.transport)" }
            say("alice's status: plugins \(status.plugins.map { "\($0.key)=\($0.state)" }.joined(separator: " ")); peers \(traffic.joined(separator: ", "))")
            say("stopping every node")
            for kernel in [bobAgain, alice, hub] { await kernel.stop() }
            narrators.cancelAll()
            say("demo finished")
        }
    }

    func waitUntil(_ what: String, timeout: Duration = .seconds(10), _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() {
                say("✓ \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CLIFailure("demo step timed out: \(what)")
    }

    func narrate<E: NodeEvent>(_ node: String, _ events: AsyncStream<E>, _ labels: [PeerID: String],
                               _ line: @escaping @Sendable (String, E) -> String) async where E: PeerEventNaming {
        for await event in events {
            say("\(node): " + line(labels[event.peer] ?? event.peer.description, event))
        }
    }
}

/// Events that name a peer (for the demo's narration).
protocol PeerEventNaming { var peer: PeerID { get } }
extension PeerConnected: PeerEventNaming {}
extension PeerDisconnected: PeerEventNaming {}
