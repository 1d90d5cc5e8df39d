import Foundation
import Kernel
import Libp2p
import Primitives
import Testing
import TestKit
@testable import Rendezvous

/// `parley rendezvous register|discover` as a user runs them (the built executable beside the test bundle),
/// against a Parley rendezvous point on loopback.
@Suite(.serialized) struct RendezvousCommandTests {
    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), RendezvousPlugin.factory()])

    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["PARLEY_BIN"] { return URL(fileURLWithPath: override) }
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("parley") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `parley ARGS` to completion and returns (status, stdout + stderr).
    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("parley-rend-cli-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.yield(); exited.continuation.finish() }
        try process.run()
        for await _ in exited.stream { break }
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test(.timeLimit(.minutes(1))) func registerThenDiscover() async throws {
        defer { harness.cleanUp() }
        let point = try harness.kernel("point", registry: harness.registry())
        try await point.start(harness.profile("point", "plugins:\n  libp2p: { host: 127.0.0.1, port: 0 }\n  rendezvous: { serve: true }\n"))
        let port = try #require(await point.status().network.listenPorts["libp2p"])
        let server = "/ip4/127.0.0.1/tcp/\(port)/ethv4/\(Libp2pPlugin.peerID(of: point.identity).base58)"
        let directory = harness.root + "/cli"
        let (status, text) = try await Self.run(["rendezvous", "register", "--server", server, "--topic", "whispermail",
                                                 "--data-dir", directory, "--tcp-port", "30399"])
        #expect(status == 0, "\(text)")
        let key = try NodeIdentityStore.loadOrCreate(dataDirectory: directory).publicKey
        let (found, listing) = try await Self.run(["rendezvous", "discover", "--server", server, "--topic", "whispermail"])
        #expect(found == 0, "\(listing)")
        #expect(listing.contains("1 record(s) under whispermail"))
        #expect(listing.contains("enode://\(Hex.encode(key.raw64))@127.0.0.1:30399"))
        let (refused, why) = try await Self.run(["rendezvous", "register", "--server", server, "--data-dir", directory, "--ttl", "21"])
        #expect(refused != 0)
        #expect(why.contains("E_INVALID_TTL"), "\(why)")
        await point.stop()
    }

    /// `--protocol rendezvous`: libp2p `/rendezvous/1.0.0` against the same point, a signed peer record and an
    /// unsigned PeerInfo registration, both listed by discover; a TTL over 72 h and an unknown protocol are refused.
    @Test(.timeLimit(.minutes(1))) func libp2pRendezvousRegisterThenDiscover() async throws {
        defer { harness.cleanUp() }
        let point = try harness.kernel("point", registry: harness.registry())
        try await point.start(harness.profile("point", "plugins:\n  libp2p: { host: 127.0.0.1, port: 0 }\n  rendezvous: { serve: true }\n"))
        let port = try #require(await point.status().network.listenPorts["libp2p"])
        let server = "/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: point.identity).base58)"
        let signedDir = harness.root + "/signed", plainDir = harness.root + "/plain"
        let common = ["--server", server, "--topic", "waku-relay", "--protocol", "rendezvous"]
        let (signed, signedText) = try await Self.run(["rendezvous", "register"] + common + ["--data-dir", signedDir, "--tcp-port", "30401", "--ttl", "600"])
        #expect(signed == 0, "\(signedText)")
        #expect(signedText.contains("registered a signed peer record under waku-relay for 600 s"), "\(signedText)")
        let (plain, plainText) = try await Self.run(["rendezvous", "register"] + common + ["--data-dir", plainDir, "--tcp-port", "30402", "--unsigned"])
        #expect(plain == 0, "\(plainText)")
        let signedID = Libp2pPlugin.peerID(of: try NodeIdentityStore.loadOrCreate(dataDirectory: signedDir)).base58
        let plainID = Libp2pPlugin.peerID(of: try NodeIdentityStore.loadOrCreate(dataDirectory: plainDir)).base58
        let (found, listing) = try await Self.run(["rendezvous", "discover"] + common)
        #expect(found == 0, "\(listing)")
        #expect(listing.contains("2 registration(s) under waku-relay"), "\(listing)")
        #expect(listing.contains("\(signedID): signed peer record (verified"), "\(listing)")
        #expect(listing.contains("/ip4/127.0.0.1/tcp/30401/p2p/\(signedID)"), "\(listing)")
        #expect(listing.contains("\(plainID): PeerInfo (unsigned)"), "\(listing)")
        #expect(listing.contains("/ip4/127.0.0.1/tcp/30402/p2p/\(plainID)"), "\(listing)")
        let (refused, why) = try await Self.run(["rendezvous", "register"] + common + ["--data-dir", signedDir, "--ttl", "259201"])
        #expect(refused != 0)
        #expect(why.contains("E_INVALID_TTL"), "\(why)")
        let (unknown, what) = try await Self.run(["rendezvous", "discover", "--server", server, "--protocol", "secio"])
        #expect(unknown != 0)
        #expect(what.contains("--protocol must be rend or rendezvous"), "\(what)")
        await point.stop()
    }
}
