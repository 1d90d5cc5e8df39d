import Kernel
import NIOCore

/// What a session handler is asked to write: a message (wire code, uncompressed payload) or a
/// Disconnect followed by closing the socket.
enum Devp2pOutbound {
    case message(code: UInt64, payload: [UInt8])
    case disconnect(DisconnectReason)
}

/// An established devp2p session as the kernel sees it: authenticated node id, shared capabilities as
/// implicit streams, Disconnect reasons on close.
final class Devp2pConnection: SecureConnection, Sendable {
    let remotePeer: PeerID
    let remoteAddress: PeerAddress
    let direction: ConnectionDirection
    let transportName = "devp2p"
    let table: CapabilityTable
    let channel: any Channel
    /// Coalesces this session's writes and bounds what `enqueue` may leave in flight.
    let writer: Devp2pWriter
    let clientID: String
    let inboundStreams: AsyncStream<any ProtocolStream>
    let inboxes: [ProtocolID: AsyncMessageQueue<FramedMessage>]
    /// Bytes queued in `inboxes` and not read yet, bounded per connection and globally.
    let inboxAccount: Devp2pInboxAccount

    private let latch = DisconnectLatch()

    /// Messages a capability may have queued before its handler drains them; beyond this the peer
    /// is flooding faster than we process and is disconnected.
    static let inboxCapacity = 4096
    /// Bytes the inboxes may hold at once: several of the largest messages, never less than 16 MiB.
    static func inboxByteLimit(largestMessage: Int) -> Int { max(16 << 20, 4 * largestMessage) }

    init(remotePeer: PeerID, remoteAddress: PeerAddress, direction: ConnectionDirection, table: CapabilityTable,
         channel: any Channel, clientID: String, inboxAccount: Devp2pInboxAccount) {
        self.inboxAccount = inboxAccount
        self.remotePeer = remotePeer
        self.remoteAddress = remoteAddress
        self.direction = direction
        self.table = table
        self.channel = channel
        let writer = Devp2pWriter(channel: channel)
        self.writer = writer
        self.clientID = clientID
        let inboxes = Dictionary(uniqueKeysWithValues: table.entries.map {
            ($0.id, AsyncMessageQueue<FramedMessage>(capacity: Self.inboxCapacity))
        })
        self.inboxes = inboxes
        let (stream, continuation) = AsyncStream<any ProtocolStream>.makeStream()
        inboundStreams = stream
        for entry in table.entries {
            continuation.yield(Devp2pStream(protocolID: entry.id, offset: entry.offset, length: entry.length,
                                            writer: writer, inbox: inboxes[entry.id]!, account: inboxAccount, closed: latch))
        }
        continuation.finish()
    }

    var protocols: [ProtocolID] { table.entries.map(\.id) }

    func openStream(_ id: ProtocolID) async throws -> any ProtocolStream {
        throw NetworkError.streamsAreImplicit(transport: transportName)
    }

    func close(_ reason: DisconnectReason) async {
        guard !isClosed else { return }
        try? await channel.writeAndFlush(Devp2pOutbound.disconnect(reason)).get()
        // The handler closes the socket after flushing the Disconnect; make sure we are marked closed.
        finish(reason)
    }

    func closed() async -> DisconnectReason { await latch.wait() }

    var isClosed: Bool { latch.isClosed }

    /// Records why the session ended (first reason wins) and ends every stream.
    func finish(_ reason: DisconnectReason) {
        guard latch.close(reason) else { return }
        for inbox in inboxes.values { inbox.finish() }
        inboxAccount.close()
    }
}

/// One capability on a devp2p session: codes relative to the capability's offset.
struct Devp2pStream: ProtocolStream {
    let protocolID: ProtocolID
    let offset: UInt64
    let length: UInt64
    let writer: Devp2pWriter
    let inbox: AsyncMessageQueue<FramedMessage>
    let account: Devp2pInboxAccount
    let closed: DisconnectLatch

    func send(_ message: FramedMessage) async throws {
        let outbound = try wireMessage(message)
        do {
            try await writer.send(outbound)
        } catch {
            throw NetworkError.closed
        }
    }

    func enqueue(_ message: FramedMessage) async throws -> Bool {
        let outbound = try wireMessage(message)
        guard !closed.isClosed else { throw NetworkError.closed }
        return writer.enqueue(outbound, size: message.payload.count)
    }

    /// The message with its code moved into the session's code space.
    private func wireMessage(_ message: FramedMessage) throws -> Devp2pOutbound {
        guard message.code < length else {
            throw Devp2pError.protocolBreach("code \(message.code) outside \(protocolID)'s \(length) codes")
        }
        return .message(code: offset + message.code, payload: message.payload)
    }

    func receive() async throws -> FramedMessage? {
        let message = await inbox.next()
        if let message { account.release(message.payload.count) }
        return message
    }

    func close() async {}
}
