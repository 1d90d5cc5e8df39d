import Foundation
import Kernel
import Logging
import Primitives
import Synchronization
import TestKit
@testable import Bootstrap

/// A pex/1 connection whose single stream the test scripts: `push` is what the remote "sends",
/// `sent` is what the handler under test wrote. Closing the connection ends the stream.
final class BootstrapScriptedConnection: SecureConnection, @unchecked Sendable {
    let remotePeer: PeerID
    let remoteAddress: PeerAddress
    let direction = ConnectionDirection.inbound
    let transportName = "scripted"
    let protocols = [PexCapability.id]
    let inboundStreams: AsyncStream<any ProtocolStream> = AsyncStream { $0.finish() }
    let stream = BootstrapScriptedStream()
    let latch = DisconnectLatch()
    private let recorded = Mutex<[PeerPenalty]>([])

    /// `key`: the remote's identity (a fresh key by default); `host`/`scheme`: where it connected from.
    init(key: PrivateKey = PrivateKey.generate(), scheme: String = "enode", host: String = "10.0.0.7", port: UInt16 = 40404) {
        remotePeer = PeerID(publicKey: key.publicKey)
        remoteAddress = PeerAddress(scheme: scheme, peerID: nil, host: host, port: port)
    }

    func openStream(_ id: ProtocolID) async throws -> any ProtocolStream {
        throw NetworkError.streamsAreImplicit(transport: "scripted")
    }

    func close(_ reason: DisconnectReason) async {
        _ = latch.close(reason)
        stream.incoming.finish()
    }

    func closed() async -> DisconnectReason { await latch.wait() }
    var isClosed: Bool { latch.isClosed }

    var penalties: [PeerPenalty] { recorded.withLock { $0 } }

    var session: PeerSession {
        PeerSession(peerID: remotePeer, address: remoteAddress, direction: direction, transportName: transportName,
                    connection: self, penalize: { penalty in self.recorded.withLock { $0.append(penalty) } })
    }

    func push(_ packet: PexPacket) { stream.incoming.push(packet.framed) }
    func push(code: UInt64, _ payload: [UInt8]) { stream.incoming.push(FramedMessage(code: code, payload: payload)) }

    /// The next packet the handler sent, decoded (nil if none within the timeout).
    func nextSent(within timeout: Duration = .seconds(5)) async throws -> PexPacket? {
        guard let message = await stream.outgoing.next(within: timeout) else { return nil }
        return try PexPacket(decoding: message)
    }
}

/// The scripted side of a pex/1 stream.
final class BootstrapScriptedStream: ProtocolStream, Sendable {
    let protocolID = PexCapability.id
    let incoming = AsyncMessageQueue<FramedMessage>()
    let outgoing = AsyncMessageQueue<FramedMessage>()

    func send(_ message: FramedMessage) async throws {
        guard outgoing.push(message) else { throw NetworkError.closed }
    }
    func enqueue(_ message: FramedMessage) async throws -> Bool {
        try await send(message)
        return true
    }
    func receive() async throws -> FramedMessage? { await incoming.next() }
    func close() async { incoming.finish() }
}

/// A `PluginNetwork` with no transports (so this node announces port 0), for driving handlers directly.
func bootstrapTestNetwork(owner: String) -> PluginNetwork {
    var logger = Logger(label: "test.bootstrap")
    logger.logLevel = .critical
    let manager = ConnectionManager(localPeer: PeerID(publicKey: PrivateKey.generate().publicKey), limits: PeerLimits(),
                                    events: EventBus(), logger: logger)
    return PluginNetwork(owner: owner, manager: manager)
}

/// Runs `handler.serve` on a scripted connection in a child task while `body` scripts the remote;
/// returns what `serve` ended with (nil = returned normally).
func bootstrapServe(_ handler: any ProtocolHandler, on connection: BootstrapScriptedConnection,
                    _ body: @Sendable (BootstrapScriptedConnection) async throws -> Void) async throws -> (any Error)? {
    let task = Task { () -> (any Error)? in
        do { try await handler.serve(connection.stream, peer: connection.session) } catch { return error }
        return nil
    }
    do {
        try await body(connection)
    } catch {
        task.cancel()
        throw error
    }
    await connection.close(.requested)
    return await task.value
}

/// A valid dialable Peers entry for a fresh key.
func bootstrapEntry(host: String = "192.0.2.10", port: UInt16 = 30303) -> PexPeerEntry {
    PexPeerEntry(publicKey: PrivateKey.generate().publicKey.raw64, host: host, port: port)
}
