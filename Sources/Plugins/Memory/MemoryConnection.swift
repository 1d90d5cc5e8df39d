import Kernel
import Synchronization

/// One side of an in-process connection. Its streams deliver to the twin on the other side.
public final class MemoryConnection: SecureConnection, @unchecked Sendable {
    // `twin` is set once during pairing, before either side is shared.
    public let remotePeer: PeerID
    public let remoteAddress: PeerAddress
    public let direction: ConnectionDirection
    public let transportName = "memory"
    public let protocols: [ProtocolID]
    public let inboundStreams: AsyncStream<any ProtocolStream>
    let inboxes: [ProtocolID: AsyncMessageQueue<FramedMessage>]
    weak var twin: MemoryConnection?
    /// The switchboard's link model, if it has one (set during pairing).
    var links: (any MemoryLinkModel)?

    private let latch = DisconnectLatch()
    /// Protocols whose receiver holds a message it has not finished with (only tracked with a link model).
    private let busy = Mutex<Set<ProtocolID>>([])

    /// The receiver of `id` took a message.
    func took(_ id: ProtocolID) {
        guard let links else { return }
        busy.withLock { _ = $0.insert(id) }
        links.consumed()
    }

    /// The receiver of `id` is done with what it took (it asks for more, or the connection closed).
    func done(_ id: ProtocolID) {
        guard let links else { return }
        if busy.withLock({ $0.remove(id) }) != nil { links.finished() }
    }

    init(remotePeer: PeerID, remoteAddress: PeerAddress, direction: ConnectionDirection, protocols: [ProtocolID]) {
        self.remotePeer = remotePeer
        self.remoteAddress = remoteAddress
        self.direction = direction
        self.protocols = protocols
        self.inboxes = Dictionary(uniqueKeysWithValues: protocols.map { ($0, AsyncMessageQueue<FramedMessage>()) })
        let (stream, continuation) = AsyncStream<any ProtocolStream>.makeStream()
        self.inboundStreams = stream
        // Like RLPx: every negotiated protocol is a stream from the start.
        let streamsContinuation = continuation
        self.pendingStreams = { connection in
            for id in protocols { streamsContinuation.yield(MemoryStream(protocolID: id, connection: connection)) }
            streamsContinuation.finish()
        }
    }

    private let pendingStreams: @Sendable (MemoryConnection) -> Void

    /// Publishes the streams; called once both twins are wired.
    func activate() { pendingStreams(self) }

    /// Makes two connected twins.
    static func pair(dialer: PeerID, dialerAddress: PeerAddress, listener: PeerID, listenerAddress: PeerAddress,
                     protocols: [ProtocolID]) -> (outbound: MemoryConnection, inbound: MemoryConnection) {
        let outbound = MemoryConnection(remotePeer: listener, remoteAddress: listenerAddress, direction: .outbound,
                                        protocols: protocols)
        let inbound = MemoryConnection(remotePeer: dialer, remoteAddress: dialerAddress, direction: .inbound,
                                       protocols: protocols)
        outbound.twin = inbound
        inbound.twin = outbound
        return (outbound, inbound)
    }

    var isClosed: Bool { latch.isClosed }

    func deliver(_ message: FramedMessage, to id: ProtocolID) throws {
        guard !isClosed, let twin, let inbox = twin.inboxes[id] else { throw NetworkError.closed }
        guard let links else {
            guard inbox.push(message) else { throw NetworkError.closed }
            return
        }
        // Through the link model: the sender's name is how the receiver knows it, and vice versa.
        links.carry(bytes: message.payload.count + 8, from: twin.remoteAddress.host, to: remoteAddress.host,
                    fingerprint: memoryFingerprint(message)) { [weak twin] in
            guard let twin, !twin.isClosed, inbox.push(message) else {
                links.discarded()
                return
            }
        }
    }

    public func openStream(_ id: ProtocolID) async throws -> any ProtocolStream {
        throw NetworkError.streamsAreImplicit(transport: transportName)
    }

    public func close(_ reason: DisconnectReason) async {
        let twin = self.twin
        finish(reason)
        twin?.finish(reason)
    }

    private func finish(_ reason: DisconnectReason) {
        guard latch.close(reason) else { return }
        for inbox in inboxes.values { inbox.finish() }
        for id in protocols { done(id) }
    }

    public func closed() async -> DisconnectReason { await latch.wait() }
}

/// A protocol stream over a memory connection.
struct MemoryStream: ProtocolStream {
    let protocolID: ProtocolID
    let connection: MemoryConnection

    func send(_ message: FramedMessage) async throws {
        try connection.deliver(message, to: protocolID)
    }

    /// Delivery is immediate here (the twin's inbox), so queuing is sending.
    func enqueue(_ message: FramedMessage) async throws -> Bool {
        try connection.deliver(message, to: protocolID)
        return true
    }

    func receive() async throws -> FramedMessage? {
        guard let inbox = connection.inboxes[protocolID] else { return nil }
        connection.done(protocolID)
        let message = await inbox.next()
        if message != nil { connection.took(protocolID) }
        return message
    }

    func close() async {}
}
