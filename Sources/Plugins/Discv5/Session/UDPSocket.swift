import NIOCore
import NIOPosix

/// A datagram received on the discv5 socket.
public struct Datagram: Sendable {
    public let bytes: [UInt8]
    public let from: SocketAddress
}

/// The discv5 UDP socket on swift-nio: received datagrams arrive on `datagrams` (consumed by one
/// owner task), `send` writes one datagram. Closing finishes the stream.
public final class UDPSocket: Sendable {
    let channel: any Channel
    public let datagrams: AsyncStream<Datagram>

    public static func bind(host: String, port: Int) async throws -> UDPSocket {
        let (stream, continuation) = AsyncStream.makeStream(of: Datagram.self, bufferingPolicy: .bufferingNewest(4096))
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DatagramReader(continuation: continuation))
                }
            }
            .bind(host: host, port: port).get()
        channel.closeFuture.whenComplete { _ in continuation.finish() }
        return UDPSocket(channel: channel, datagrams: stream)
    }

    init(channel: any Channel, datagrams: AsyncStream<Datagram>) {
        self.channel = channel
        self.datagrams = datagrams
    }

    /// The bound address (port chosen by the OS when bound to 0).
    public var localAddress: SocketAddress? { channel.localAddress }

    public func send(_ bytes: [UInt8], to address: SocketAddress) {
        let buffer = channel.allocator.buffer(bytes: bytes)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
    }

    public func close() async {
        try? await channel.close()
    }
}

/// Hands each inbound datagram to the socket's stream.
final class DatagramReader: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let continuation: AsyncStream<Datagram>.Continuation

    init(continuation: AsyncStream<Datagram>.Continuation) { self.continuation = continuation }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        continuation.yield(Datagram(bytes: Array(envelope.data.readableBytesView), from: envelope.remoteAddress))
    }
}
