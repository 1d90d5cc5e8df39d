import Kernel

/// A `/rendezvous/1.0.0` client on one stream: REGISTER, UNREGISTER, DISCOVER with cookies.
public struct RendezvousV1Client: Sendable {
    let stream: any ProtocolStream
    let stats: RendStats?

    /// `stats`: where the bytes moved are counted (the plugin's per-source traffic), if anywhere.
    public init(stream: any ProtocolStream, stats: RendStats? = nil) {
        self.stream = stream
        self.stats = stats
    }

    public static var protocolID: ProtocolID { RendezvousV1Handler.protocolID }

    /// Registers; returns the TTL the server granted. Throws `.refused` on a non-OK status.
    public func register(_ registration: RendezvousV1Registration) async throws -> UInt64 {
        guard case .registerResponse(let status, let text, let ttl) = try await exchange(.register(registration)) else {
            throw RendezvousV1ClientError.unexpectedResponse
        }
        guard status == .ok else { throw RendezvousV1ClientError.refused(status, text) }
        return ttl
    }

    public func unregister(namespace: String, peerID: [UInt8]) async throws {
        let bytes = RendezvousV1Codec.encode(.unregister(namespace: namespace, peerID: peerID))
        try await stream.send(FramedMessage(code: 0, payload: bytes))
        stats?.noteOut(bytes: bytes.count)
    }

    /// One page: the registrations and the cookie for the next page.
    public func discover(namespace: String, limit: UInt64, cookie: [UInt8] = []) async throws -> ([RendezvousV1Registration], [UInt8]) {
        guard case .discoverResponse(let registrations, let next, let status, let text) =
                try await exchange(.discover(namespace: namespace, limit: limit, cookie: cookie)) else {
            throw RendezvousV1ClientError.unexpectedResponse
        }
        guard status == .ok else { throw RendezvousV1ClientError.refused(status, text) }
        return (registrations, next)
    }

    func exchange(_ message: RendezvousV1Message) async throws -> RendezvousV1Message {
        let bytes = RendezvousV1Codec.encode(message)
        try await stream.send(FramedMessage(code: 0, payload: bytes))
        stats?.noteOut(bytes: bytes.count)
        guard let reply = try await stream.receive() else { throw RendezvousV1ClientError.closed }
        stats?.noteIn(bytes: reply.payload.count)
        return try RendezvousV1Codec.decode(reply.payload)
    }
}

/// Why a `/rendezvous/1.0.0` request failed.
public enum RendezvousV1ClientError: Error, Equatable, CustomStringConvertible {
    case closed
    case unexpectedResponse
    case refused(RendezvousV1Status, String)

    public var description: String {
        switch self {
        case .closed: return "the rendezvous point closed the stream"
        case .unexpectedResponse: return "the rendezvous point answered with another message type"
        case .refused(let status, let text): return "the rendezvous point refused: \(status) \(text)"
        }
    }
}
