import Kernel
import Primitives
import WakuCore

/// Why the `waku/1` handshake failed.
public enum WakuHandshakeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The peer did not send Status within the timeout.
    case timedOut(seconds: Double)
    /// The peer's first packet was not Status (code 0).
    case unexpectedFirstPacket(code: UInt64)
    /// The stream ended before the peer's Status arrived.
    case closedBeforeStatus
    /// The peer's Status options could not be decoded.
    case invalidStatus(StatusOptionsError)

    public var description: String {
        switch self {
        case .timedOut(let seconds): return "waku handshake timed out: no Status from the peer within \(seconds) s"
        case .unexpectedFirstPacket(let code): return "waku handshake failed: first packet has code \(code), expected Status (0)"
        case .closedBeforeStatus: return "waku handshake failed: the peer closed the stream before sending Status"
        case .invalidStatus(let error): return "waku handshake failed: \(error)"
        }
    }
}

/// One `waku/1` peer over a `ProtocolStream`: handshake, the peer's advertised state and sending.
/// Transport-agnostic: it only sees `FramedMessage`s. The receive loop lives in `WakuPeerSession+Receive`.
public actor WakuPeerSession {
    public nonisolated let peerID: PeerID
    let stream: any ProtocolStream
    let peer: PeerSession
    /// What the peer advertised (Status, then StatusUpdates).
    public private(set) var remote = RemoteWakuState()
    /// Envelopes received from and sent to this peer.
    public private(set) var received = 0
    public private(set) var sent = 0

    public init(stream: any ProtocolStream, peer: PeerSession) {
        self.stream = stream
        self.peer = peer
        self.peerID = peer.peerID
    }

    /// Sends our Status and waits (up to `timeout` on `clock`) for the peer's, which must be the first packet.
    public func handshake(_ ours: StatusOptions, timeout: Duration, clock: any NodeClock = SystemClock()) async throws {
        try await stream.send(FramedMessage(code: WakuPacketCode.status.rawValue, payload: ours.encoded()))
        let stream = self.stream
        let first: FramedMessage? = try await withThrowingTaskGroup(of: FramedMessage?.self) { group in
            group.addTask { try await stream.receive() }
            group.addTask {
                try await clock.sleep(for: timeout)
                throw WakuHandshakeError.timedOut(seconds: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
            }
            defer { group.cancelAll() }
            do {
                return try await group.next() ?? nil
            } catch let error as WakuHandshakeError {
                // The receive cannot be interrupted on every transport: end the connection so it returns.
                await peer.connection.close(.subprotocolError)
                throw error
            }
        }
        guard let first else { throw WakuHandshakeError.closedBeforeStatus }
        guard first.code == WakuPacketCode.status.rawValue else { throw WakuHandshakeError.unexpectedFirstPacket(code: first.code) }
        do { remote = RemoteWakuState(status: try StatusOptions(decoding: first.payload)) } catch {
            throw WakuHandshakeError.invalidStatus(error)
        }
    }

    /// Sends envelopes in one Messages packet (no filtering: see `WakuPeerDirectory.links(interestedIn:excluding:)`).
    ///
    /// - Returns: the packet's batch hash, which the peer's BatchAcknowledged / MessageResponse name.
    @discardableResult
    public func send(envelopes: [Envelope]) async throws -> [UInt8] {
        guard !envelopes.isEmpty else { return [] }
        let payload = MessagesPacket.encode(envelopes)
        try await stream.send(FramedMessage(code: WakuPacketCode.messages.rawValue, payload: payload))
        sent += envelopes.count
        return MessageResponse.batchHash(ofPayload: payload)
    }

    /// Queues envelopes in one Messages packet on the stream's bounded outbound queue (see `WakuPeerLink`).
    public func offer(envelopes: [Envelope]) async throws -> Bool {
        guard !envelopes.isEmpty else { return true }
        let queued = try await stream.enqueue(FramedMessage(code: WakuPacketCode.messages.rawValue, payload: MessagesPacket.encode(envelopes)))
        if queued { sent += envelopes.count }
        return queued
    }

    /// Sends a StatusUpdate (code 22) with the options that changed.
    public func sendStatusUpdate(_ options: StatusOptions) async throws {
        try await stream.send(FramedMessage(code: WakuPacketCode.statusUpdate.rawValue, payload: options.encoded()))
    }

    /// Sends any raw packet (mailserver requests and replies, confirmations).
    public func send(code: WakuPacketCode, payload: [UInt8]) async throws {
        try await stream.send(FramedMessage(code: code.rawValue, payload: payload))
    }

    /// `true` if the peer wants this envelope (topic interest or bloom, and PoW requirement).
    public func wants(_ envelope: Envelope) -> Bool { remote.wants(envelope) }

    func update(_ options: StatusOptions) { remote.apply(options) }
    func countReceived(_ count: Int) { received += count }
}

extension WakuPeerSession: WakuPeerLink {
    public var isLightNode: Bool { remote.lightNode }
}
