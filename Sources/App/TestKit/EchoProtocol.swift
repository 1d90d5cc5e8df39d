import Kernel

/// A tiny test protocol (`echo/1`): code 0 = request, code 1 = reply with the same payload.
/// Lets tests prove a connection still carries traffic (e.g. after a profile switch).
///
/// Without a `sessions` queue the handler is an echo server. With one it is a client: it hands each
/// stream to the test (which then owns reading it) and returns.
public struct EchoHandler: ProtocolHandler {
    public static let id = ProtocolID(name: "echo", version: 1)
    public var protocolID: ProtocolID { Self.id }
    public var messageCodeCount: UInt { 2 }
    let sessions: AsyncMessageQueue<EchoSession>?

    public init(sessions: AsyncMessageQueue<EchoSession>? = nil) { self.sessions = sessions }

    public func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
        if let sessions {
            sessions.push(EchoSession(peer: peer.peerID, stream: stream))
            return
        }
        while let message = try await stream.receive() {
            if message.code == 0 { try await stream.send(FramedMessage(code: 1, payload: message.payload)) }
        }
    }
}

/// One peer's echo stream as a test sees it.
public struct EchoSession: Sendable {
    public let peer: PeerID
    public let stream: any ProtocolStream
}

/// Registers the echo handler; sessions are exposed as the `EchoSessions` service.
public struct EchoPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(key: "echo", summary: "test protocol echo/1",
                                                    provides: ["echo"], requires: [.transport])
    public var descriptor: PluginDescriptor { Self.descriptor }
    let sessions: AsyncMessageQueue<EchoSession>?

    /// `sessions: nil` makes an echo server; a queue makes a client that hands streams to the test.
    public init(sessions: AsyncMessageQueue<EchoSession>?) { self.sessions = sessions }

    public static func factory(sessions: AsyncMessageQueue<EchoSession>? = nil) -> any PluginFactory {
        TypedPluginFactory(descriptor, config: NoSettings.self) { _ in EchoPlugin(sessions: sessions) }
    }

    public func prepare(_ context: PluginContext) async throws {
        await context.network.register(handler: EchoHandler(sessions: sessions))
    }
}
