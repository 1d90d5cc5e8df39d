import Devp2p
import Foundation
import Kernel
import Logging
import Primitives
import StaticPeers
import TestKit

/// RLPx: handshake cost, raw frame-crypto throughput, and end-to-end throughput between two nodes
/// on loopback TCP (the ratio of the last two is what the transport adds).
enum Devp2pBenchmarks {
    static func run() async throws -> [Measurement] {
        var results: [Measurement] = []
        let a = PrivateKey.generate(), b = PrivateKey.generate()
        results.append(try measure("RLPx handshake, both sides (in memory)", units: 200, unit: "handshake") {
            for _ in 0..<200 { try RLPxBenchmarkHooks.handshake(initiatorKey: a, recipientKey: b) }
        })
        for (size, count) in [(1024, 4000), (65536, 200)] {
            let megabytes = Double(size * count) / 1e6
            results.append(try measure("frame seal+open, \(size / 1024) KiB (no sockets)", units: megabytes, unit: "MB") {
                _ = try RLPxBenchmarkHooks.frameRoundTrips(size: size, count: count)
            })
            results.append(try await loopbackThroughput(size: size, count: count))
        }
        return results
    }

    /// Two kernels with devp2p on 127.0.0.1; one streams `count` messages of `size` bytes to the other.
    static func loopbackThroughput(size: Int, count: Int) async throws -> Measurement {
        let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory()])
        defer { harness.cleanUp() }
        let receiverSessions = AsyncMessageQueue<EchoSession>()
        let senderSessions = AsyncMessageQueue<EchoSession>()
        let receiver = try harness.kernel("receiver", registry: harness.registry(including: [EchoPlugin.factory(sessions: receiverSessions)]))
        try await receiver.start(harness.profile("receiver", "node: { log-level: error }\nplugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: }"))
        let port = await receiver.status().network.listenPorts["devp2p"] ?? 0
        let sender = try harness.kernel("sender", registry: harness.registry(including: [EchoPlugin.factory(sessions: senderSessions)]))
        try await sender.start(harness.profile("sender", """
            node: { log-level: error }
            plugins:
              devp2p: { host: 127.0.0.1, port: 0 }
              echo:
              static-peers: { peers: ["\(receiver.identity.enode(host: "127.0.0.1", port: port))"] }
            """))
        guard let outbound = await senderSessions.next(within: .seconds(10)), let inbound = await receiverSessions.next(within: .seconds(10)) else {
            throw CancellationError()
        }
        let payload = SecureRandom.bytes(size)
        let result = try await measureAsync("loopback devp2p, \(size / 1024) KiB messages", runs: 5,
                                            units: Double(size * count) / 1e6, unit: "MB") {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for _ in 0..<count { try await outbound.stream.send(FramedMessage(code: 0, payload: payload)) }
                }
                group.addTask {
                    for _ in 0..<count { _ = try await inbound.stream.receive() }
                }
                try await group.waitForAll()
            }
        }
        await sender.stop()
        await receiver.stop()
        return result
    }
}
