@testable import Devp2p
import Foundation
import Kernel
import Primitives
import StaticPeers
import Testing
import TestKit

/// Resident memory of this process, from `/proc/self/statm` (pages × page size).
func residentBytes() throws -> Int {
    let text = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
    let fields = text.split(separator: " ")
    let pages = try #require(fields.count > 1 ? Int(fields[1]) : nil)
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// A long-lived RLPx session must not keep what it already processed: memory stays flat however
/// many bytes pass through it (issue 16 item 1).
@Suite(.serialized) struct ReceiveMemoryTests {
    let harness = NodeHarness(extraFactories: [Devp2pPlugin.factory(), StaticPeersPlugin.factory()])

    func node(_ name: String, _ yaml: String, echo: AsyncMessageQueue<EchoSession>? = nil) async throws -> Kernel {
        let kernel = try harness.kernel(name, registry: harness.registry(including: [EchoPlugin.factory(sessions: echo)]))
        try await kernel.start(harness.profile(name, yaml))
        return kernel
    }

    /// Sends `count` incompressible messages of `size` bytes as echo replies (code 1, which the echo
    /// server reads and drops), with an echo round trip every 16 so the receiver's inbox stays short and
    /// everything sent has been processed when this returns.
    func stream(_ session: EchoSession, count: Int, size: Int) async throws {
        let payload = SecureRandom.bytes(size)
        for index in 1...count {
            try await session.stream.send(FramedMessage(code: 1, payload: payload))
            if index % 16 == 0 || index == count {
                let marker = Array("marker \(index)".utf8)
                try await session.stream.send(FramedMessage(code: 0, payload: marker))
                #expect(try await session.stream.receive() == FramedMessage(code: 1, payload: marker))
            }
        }
    }

    @Test func twoHundredMegabytesThroughOneSessionKeepMemoryFlat() async throws {
        defer { harness.cleanUp() }
        let server = try await node("server", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: }")
        let port = try #require(await server.status().network.listenPorts["devp2p"])
        let sessions = AsyncMessageQueue<EchoSession>()
        let client = try await node("client", """
            plugins:
              devp2p: { host: 127.0.0.1, port: 0 }
              echo:
              static-peers: { peers: ["\(server.identity.enode(host: "127.0.0.1", port: port))"] }
            """, echo: sessions)
        let session = try #require(await sessions.next(within: .seconds(10)))
        let size = 256 * 1024
        try await stream(session, count: 64, size: size)                   // warm-up: 16 MiB
        let before = try residentBytes()
        try await stream(session, count: 800, size: size)                  // 200 MiB
        let after = try residentBytes()
        let received = await server.status().network.peers.first?.traffic.bytesIn ?? 0
        print("RLPx 200 MiB stream: RSS before \(before >> 20) MiB, after \(after >> 20) MiB; server received \(received >> 20) MiB")
        #expect(received >= 200 << 20)
        #expect(after - before < 64 << 20, "RSS grew by \((after - before) >> 20) MiB over 200 MiB streamed")
        await client.stop()
        await server.stop()
    }

    /// Issue 19's probe: 30 sessions each announcing a 16 MiB − 1 frame and sending its body. At most
    /// `receive-budget-bytes` (64 MiB) of bodies are ever held; the other sessions are dropped at the header.
    @Test func thirtySessionsSendingHugeFramesStayWithinTheReceiveBudget() async throws {
        defer { harness.cleanUp() }
        let victim = try await node("victim", "plugins: { devp2p: { host: 127.0.0.1, port: 0 }, echo: {} }")
        let port = try #require(await victim.status().network.listenPorts["devp2p"])
        let before = try residentBytes()
        var attackers: [HostileRLPxPeer] = []
        for _ in 0..<30 {
            let attacker = try await HostileRLPxPeer.connect(port: port, remote: victim.identity.publicKey)
            try await attacker.handshake(capabilities: [CapabilityAnnouncement(name: "echo", version: 1)])
            try await attacker.send(try attacker.codec!.sealHeader(announcing: RLPxFrameCodec.maximumFrameSize))
            attackers.append(attacker)
        }
        let chunk = [UInt8](repeating: 0x5a, count: 1 << 20)
        for attacker in attackers {
            for _ in 0..<15 where attacker.channel.isActive { try? await attacker.send(chunk) }   // 15 of the 16 MiB
        }
        let during = try residentBytes()
        let dropped = attackers.filter { !$0.channel.isActive }.count
        print("30 sessions × 16 MiB − 1 frames: RSS before \(before >> 20) MiB, with bodies buffered \(during >> 20) MiB; \(dropped) sessions dropped at the header")
        #expect(during - before < 100 << 20, "RSS grew by \((during - before) >> 20) MiB")
        #expect(dropped >= 26)
        for attacker in attackers { attacker.channel.close(promise: nil) }
        await victim.stop()
    }
}
