import Crypto
import Foundation
import Kernel
@testable import Libp2pCore
import Primitives
import StaticPeers
import Testing
import TestKit
@testable import Libp2p

/// The copy-free paths the transport uses (issue 11 throughput work) give the same bytes as the array APIs
/// the vectors pin down: Noise frames sealed through the frame callback, frames opened from raw memory,
/// yamux frames decoded by index and DATA headers written before their payload.
@Suite struct Libp2pFastPathCodecTests {
    @Test(arguments: [0, 1, 1000, NoiseTransport.maximumPlaintext, NoiseTransport.maximumPlaintext + 1, 150_000])
    func framedSealingMatchesArraySealing(size: Int) throws {
        var (a, b, _, _) = try Libp2pNoiseTests.handshake(initiator: .ed25519(.init()), responder: .ed25519(.init()))
        var twin = a
        let data = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var framed: [UInt8] = []
        try a.seal(data) { body in
            framed += NoiseFrame.prefix(body.count)
            framed += Array(body)
        }
        #expect(framed == (try twin.seal(data)))
        // Opened frame by frame from raw memory, as the connection's read loop does.
        var received: [UInt8] = []
        var frames = 0
        while let body = NoiseFrame.decode(&framed) {
            try body.withUnsafeBytes { raw in try b.open(raw) { received += Array($0) } }
            frames += 1
        }
        #expect(received == data && frames == max(1, (size + NoiseTransport.maximumPlaintext - 1) / NoiseTransport.maximumPlaintext))
    }

    @Test func aTamperedFrameFailsOnTheRawPathAndTheNonceStaysInStep() throws {
        var (a, b, _, _) = try Libp2pNoiseTests.handshake(initiator: .ed25519(.init()), responder: .ed25519(.init()))
        var wire = try a.seal([1, 2, 3]) + (try a.seal([4, 5]))
        var first = try #require(NoiseFrame.decode(&wire))
        first[first.count - 1] ^= 0x01
        #expect(throws: NoiseError.decryptFailed) { try first.withUnsafeBytes { try b.open($0) { _ in } } }
        first[first.count - 1] ^= 0x01
        var plain: [UInt8] = []
        try first.withUnsafeBytes { try b.open($0) { plain += Array($0) } }
        #expect(plain == [1, 2, 3])
        // The failed attempt did not use up a nonce: the array API opens the next frame.
        let second = try #require(NoiseFrame.decode(&wire))
        #expect(try b.open(second) == [4, 5])
        let short: [UInt8] = Array(repeating: 0, count: 15)
        #expect(throws: NoiseError.decryptFailed) { try short.withUnsafeBytes { try b.open($0) { _ in } } }
    }

    @Test func indexedYamuxDecodingMatchesRemovingDecoding() throws {
        let frames = [YamuxFrame.data(1, Array("hello".utf8), flags: .syn), YamuxFrame(kind: .windowUpdate, streamID: 1, length: 9),
                      YamuxFrame(kind: .ping, flags: .ack, streamID: 0, length: 7), YamuxFrame.data(3, [UInt8](repeating: 0xab, count: 70_000))]
        let wire = frames.flatMap(\.bytes)
        var start = 0
        var decoded: [YamuxFrame] = []
        while let frame = try YamuxFrame.decode(wire, from: &start, maximumData: 1 << 20) { decoded.append(frame) }
        #expect(decoded == frames && start == wire.count)
        // A truncated frame leaves the index where it was; a bad header after good frames throws.
        let cut = Array(wire.dropLast(1))
        start = 0
        for _ in 0..<3 { _ = try YamuxFrame.decode(cut, from: &start, maximumData: 1 << 20) }
        let before = start
        #expect(try YamuxFrame.decode(cut, from: &start, maximumData: 1 << 20) == nil)
        #expect(start == before)
        let bad = Array(wire.prefix(before)) + [0, 9] + [UInt8](repeating: 0, count: 10)
        start = before
        #expect(throws: YamuxError.badType(9)) { try YamuxFrame.decode(bad, from: &start, maximumData: 1 << 20) }
        start = before
        #expect(throws: YamuxError.self) { try YamuxFrame.decode(wire, from: &start, maximumData: 1000) }
    }

    @Test func dataHeadersPlusPayloadEqualDataFrames() throws {
        var a = YamuxSessionState(isDialer: true), b = YamuxSessionState(isDialer: true)
        let (id, _) = try a.openStream()
        _ = try b.openStream()
        let payload = Array("payload".utf8)
        var wire: [UInt8] = []
        try a.sendHeader(id, count: payload.count).appendHeader(to: &wire)
        wire += payload
        #expect(wire == (try b.send(id, payload)).bytes)
        #expect(try a.sendable(id) == b.sendable(id))
    }
}

/// One yamux stream carrying many messages at once, `send` and `enqueue` interleaved from two tasks while
/// the echoes are read: order, content and flow control (several 1 MiB windows) over the fast paths.
@Suite(.serialized) struct Libp2pFastPathLoopbackTests {
    let harness = NodeHarness(extraFactories: [Libp2pPlugin.factory(), StaticPeersPlugin.factory()])

    @Test func interleavedSendsAndEnqueuesArriveInOrder() async throws {
        defer { harness.cleanUp() }
        let b = try harness.kernel("b", registry: harness.registry(including: [EchoPlugin.factory(sessions: nil)]))
        try await b.start(harness.profile("b", "plugins: { libp2p: { host: 127.0.0.1, port: 0 }, echo: }"))
        let port = try #require(await b.status().network.listenPorts["libp2p"])
        let echoA = AsyncMessageQueue<EchoSession>()
        let a = try harness.kernel("a", registry: harness.registry(including: [EchoPlugin.factory(sessions: echoA)]))
        try await a.start(harness.profile("a", """
            plugins:
              libp2p: { host: 127.0.0.1, port: 0 }
              echo:
              static-peers: { peers: ["/ip4/127.0.0.1/tcp/\(port)/p2p/\(Libp2pPlugin.peerID(of: b.identity).base58)"] }
            """))
        let session = try #require(await echoA.next(within: .seconds(10)))
        let sizes = (0..<240).map { [0, 1, 100, 4096, 65_535, 65_536, 65_540, 70_000][$0 % 8] }
        let messages = sizes.enumerated().map { index, size in
            (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ index) }
        }
        let stream = session.stream
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for (index, message) in messages.enumerated() {
                    let framed = FramedMessage(code: 0, payload: message)
                    if index % 3 == 0, try await stream.enqueue(framed) { continue }
                    try await stream.send(framed)
                }
            }
            group.addTask {
                for (index, message) in messages.enumerated() {
                    let echo = try #require(try await stream.receive())
                    #expect(echo == FramedMessage(code: 1, payload: message), "message \(index) of \(message.count) bytes")
                    if echo.payload != message { return }
                }
            }
            try await group.waitForAll()
        }
        await a.stop()
        await b.stop()
    }
}
