import Foundation
import Kernel
import Synchronization
import WakuCore
@testable import WakuProtocol

/// A connection whose single waku stream the test scripts: it pushes what the "remote" sends and
/// reads what the session wrote. Closing the connection ends the stream.
final class ScriptedConnection: SecureConnection, @unchecked Sendable {
    let remotePeer = PeerID([UInt8](repeating: 7, count: 64))
    let remoteAddress: PeerAddress
    let direction = ConnectionDirection.inbound
    let transportName = "scripted"
    let protocols = [WakuCapability.id]
    let inboundStreams: AsyncStream<any ProtocolStream> = AsyncStream { $0.finish() }
    let stream = ScriptedStream()
    let latch = DisconnectLatch()
    let penalties = Mutex<[PeerPenalty]>([])

    init() throws { remoteAddress = try PeerAddress(parsing: "memory://scripted") }

    func openStream(_ id: ProtocolID) async throws -> any ProtocolStream { throw NetworkError.streamsAreImplicit(transport: "scripted") }
    func close(_ reason: DisconnectReason) async {
        _ = latch.close(reason)
        stream.incoming.finish()
    }
    func closed() async -> DisconnectReason { await latch.wait() }

    var session: PeerSession {
        PeerSession(peerID: remotePeer, address: remoteAddress, direction: direction, transportName: transportName,
                    connection: self, penalize: { penalty in self.penalties.withLock { $0.append(penalty) } })
    }
}

/// The scripted side of a waku stream.
final class ScriptedStream: ProtocolStream, Sendable {
    let protocolID = WakuCapability.id
    let incoming = AsyncMessageQueue<FramedMessage>()
    let outgoing = AsyncMessageQueue<FramedMessage>()

    func send(_ message: FramedMessage) async throws { outgoing.push(message) }
    func enqueue(_ message: FramedMessage) async throws -> Bool { outgoing.push(message) }
    func receive() async throws -> FramedMessage? { await incoming.next() }
    func close() async { incoming.finish() }

    /// What the remote "sends".
    func push(_ code: WakuPacketCode, _ payload: [UInt8]) { incoming.push(FramedMessage(code: code.rawValue, payload: payload)) }
}
