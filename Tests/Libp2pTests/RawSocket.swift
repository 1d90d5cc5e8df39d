import NIOCore
import NIOPosix
import Synchronization

/// A raw TCP client for feeding a node bytes no honest libp2p peer would send, recording what comes back.
final class RawSocket: Sendable {
    final class Recorder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let bytes = Mutex<[UInt8]>([])
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            bytes.withLock { $0 += buffer.readableBytesView }
        }
    }

    let channel: any Channel
    let recorder: Recorder

    init(channel: any Channel, recorder: Recorder) {
        self.channel = channel
        self.recorder = recorder
    }

    static func connect(port: UInt16) async throws -> RawSocket {
        let recorder = Recorder()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(recorder) } }
            .connect(host: "127.0.0.1", port: Int(port)).get()
        return RawSocket(channel: channel, recorder: recorder)
    }

    func send(_ bytes: [UInt8]) throws {
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }

    /// Everything received until the node closed the socket; throws if it stays open past `seconds`.
    func readUntilClosed(within seconds: Double) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while channel.isActive {
            guard ContinuousClock.now < deadline else {
                channel.close(promise: nil)
                throw RawSocketError.stillOpen
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return recorder.bytes.withLock { $0 }
    }

    /// What has arrived once at least one byte has (or after `seconds`).
    func readAvailable(within seconds: Double) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        var last = -1
        while ContinuousClock.now < deadline {
            let count = recorder.bytes.withLock { $0.count }
            if count > 0 && count == last { break }
            last = count
            try await Task.sleep(for: .milliseconds(50))
        }
        return recorder.bytes.withLock { $0 }
    }
}

enum RawSocketError: Error { case stillOpen }
