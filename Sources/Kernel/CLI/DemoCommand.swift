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

    func profile(_ name: String) throws -> Profile {
        try ProfileLoader.load(path: (profileDirectory as NSString).appendingPathComponent("\(name).yaml"))
    }

    func node(_ name: String, profile: Profile) throws -> Kernel {
        let directory = (scratch as NSString).appendingPathComponent(name)
        let identity = try NodeIdentityStore.loadOrCreate(dataDirectory: directory)
        return Kernel(registry: PluginCatalog.registry(), identity: identity, dataDirectory: directory,
                      logger: Logger(label: "parley.\(name)"),
                      backoff: RedialBackoff(initial: .milliseconds(200), maximum: .seconds(2)))
    }

    func run() async throws {
        let names = ["hub", "alice", "bob"]
        let profiles = try Dictionary(uniqueKeysWithValues: names.map { ($0, try profile($0)) })
        var nodes: [String: Kernel] = [:]
        for name in names { nodes[name] = try node(name, profile: profiles[name]!) }
        let labels = Dictionary(uniqueKeysWithValues: nodes.map { ($0.value.identity.peerID, $0.key) })

        try await withThrowingTaskGroup(of: Void.self) { narrators in
            for (name, kernel) in nodes {
                narrators.addTask { await narrate(name, kernel.events.subscribe(PeerConnected.self), labels) { "connected to \($0) (\($1.direction.rawValue), \($1.transport), protocols: \($1.protocols.map(\.description).joined(separator: ",").nonEmpty ?? "none"))" } }
                narrators.addTask { await narrate(name, kernel.events.subscribe(PeerDisconnected.self), labels) { "lost \($0): \($1.reason)" } }
            }

            say("starting 3 nodes from \(profileDirectory): hub (memory://hub), alice and bob (static peer: the hub)")
            for name in names {
                let report = try await nodes[name]!.start(profiles[name]!)
                say("\(name): profile '\(report.profile)' started plugins \(report.started.joined(separator: ", "))")
            }
            try await waitUntil("alice and bob reach the hub") { await nodes["hub"]!.network.status().peers.count == 2 }

            say("alice switches at runtime to 'alice-direct' (adds bob as a second static peer)")
            let direct = try profile("alice-direct")
            let report = try await nodes["alice"]!.apply(direct)
            say("alice: stopped [\(report.stopped.joined(separator: ", "))], started [\(report.started.joined(separator: ", "))], kept [\(report.kept.joined(separator: ", "))] in \(String(format: "%.2f", report.milliseconds)) ms")
            try await waitUntil("alice reaches bob directly") { await nodes["alice"]!.network.status().peers.count == 2 }
            say("alice's connection to the hub stayed up through the switch: \(await nodes["alice"]!.network.status().peers.contains { labels[PeerID((try? Hex.decode($0.id)) ?? [])] == "hub" })")

            say("bob stops; alice and the hub notice, and alice keeps redialling her static peer")
            await nodes["bob"]!.stop()
            try await Task.sleep(for: .milliseconds(600))
            say("bob comes back with the same identity and profile")
            let bob = try node("bob", profile: profiles["bob"]!)
            try await bob.start(profiles["bob"]!)
            narrators.addTask { await narrate("bob", bob.events.subscribe(PeerConnected.self), labels) { "connected to \($0) (\($1.direction.rawValue))" } }
            try await waitUntil("alice redials bob") { await nodes["alice"]!.network.status().peers.count == 2 }

            let status = await nodes["alice"]!.status()
            say("alice's status: \(status.plugins.map { "\($0.key)=\($0.state)" }.joined(separator: " ")); peers: \(status.network.peers.count)")
            say("stopping every node")
            await bob.stop()
            for name in ["alice", "hub"] { await nodes[name]!.stop() }
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
