import Foundation
import Kernel
import Libp2pCore
import Testing
@testable import Libp2p

/// `parley peer-id` and `parley ping` as a user runs them (the built executable beside the test bundle).
@Suite(.serialized) struct Libp2pCommandTests {
    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["PARLEY_BIN"] { return URL(fileURLWithPath: override) }
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("parley") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `parley ARGS` to completion (bounded) and returns (status, stdout + stderr).
    static func run(_ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (Int32, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("parley-libp2p-cli-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: output.path, contents: nil)
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
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in exited.stream { return true }; return true }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
        if !finished { process.terminate(); Issue.record("parley \(arguments) timed out") }
        for await _ in exited.stream {}
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    @Test func peerIDComesFromTheNodeKey() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-peer-id-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (status, text) = try await Self.run(["peer-id", "--data-dir", directory, "--port", "4001"])
        #expect(status == 0, "\(text)")
        let expected = Libp2pPlugin.peerID(of: try NodeIdentityStore.loadOrCreate(dataDirectory: directory))
        #expect(text.contains("peer id: \(expected.base58)"))
        #expect(text.contains("cid:     \(expected.cid)"))
        #expect(text.contains("listen:  /ip4/127.0.0.1/tcp/4001/p2p/\(expected.base58)"))
    }

    @Test(.enabled(if: PyLibp2pPeer.shouldRun, "PARLEY_LIBP2P_PYTHON not set; py-libp2p interop skipped"))
    func pingAPyLibp2pPeerPrintsRTTs() async throws {
        let py = try PyLibp2pPeer(arguments: ["listen", "YAMUX", "secp256k1"])
        defer { py.terminate() }
        let addr = try #require(try await py.line(0)["addr"] as? String)
        let (status, text) = try await Self.run(["ping", addr, "--count", "3"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("PING \(addr.split(separator: "/").last!)"))
        for round in 1...3 { #expect(text.contains("Pong received: seq=\(round) time="), "\(text)") }
        #expect(text.contains("3 pings: min"))
    }

    @Test func pingingNothingFailsClearly() async throws {
        let (status, text) = try await Self.run(["ping", "/ip4/127.0.0.1/tcp/1/p2p/16Uiu2HAkuqGKz8D6khfrnJnDrN5VxWWCoLU8Aq4eCFJuyXmfakB5", "-c", "1"])
        #expect(status != 0)
        #expect(text.contains("cannot reach"))
        let (badStatus, badText) = try await Self.run(["ping", "/ip4/1.2.3/tcp/1"])
        #expect(badStatus == 64 && badText.contains("not an IPv4 address"), "\(badText)")
    }
}
