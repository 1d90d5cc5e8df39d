import Kernel

/// Serves `/rendezvous/1.0.0` on streams peers open to a rendezvous point: any number of requests per
/// stream, each answered in order (REGISTER → REGISTER_RESPONSE, DISCOVER → DISCOVER_RESPONSE, UNREGISTER
/// unanswered). A message that does not decode, or a response type from a client, ends the stream with a penalty.
struct RendezvousV1Handler: ProtocolHandler {
    static let protocolID = ProtocolID(name: RendezvousV1Message.protocolID, version: 0)
    var protocolID: ProtocolID { Self.protocolID }
    var messageCodeCount: UInt { 0 }
    var maximumMessageSize: Int? { RendezvousV1Message.maximumMessage }
    let registry: RendezvousV1Registry
    let stats: RendStats

    func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
        guard peer.direction == .inbound else { await stream.close(); return }
        while let framed = try await stream.receive() {
            stats.noteIn(bytes: framed.payload.count)
            let request: RendezvousV1Message
            do { request = try RendezvousV1Codec.decode(framed.payload) } catch {
                stats.noteDrop(.malformedRequest)
                await stream.close()
                await peer.penalize(.protocolViolation("rendezvous/1.0.0: \(error)"))
                return
            }
            let reply: RendezvousV1Message
            switch request {
            case .register(let registration):
                let (status, ttl) = await registry.register(registration, from: peer.peerID)
                if status == .ok { stats.noteRegistration() } else { await peer.penalize(.minor("rendezvous/1.0.0: register refused \(status)")) }
                reply = .registerResponse(status: status, text: status == .ok ? "OK" : "\(status)", ttl: ttl)
            case .unregister(let namespace, _):
                await registry.unregister(namespace: namespace, peer: peer.peerID)
                continue
            case .discover(let namespace, let limit, let cookie):
                let (status, registrations, next) = await registry.discover(namespace: namespace, limit: limit, cookie: cookie)
                reply = .discoverResponse(registrations: registrations, cookie: next, status: status, text: status == .ok ? "OK" : "\(status)")
            case .registerResponse, .discoverResponse:
                stats.noteDrop(.responseOnRequestStream)
                await stream.close()
                await peer.penalize(.protocolViolation("rendezvous/1.0.0: a client sent a response"))
                return
            }
            let bytes = RendezvousV1Codec.encode(reply)
            stats.noteOut(bytes: bytes.count)
            try await stream.send(FramedMessage(code: 0, payload: bytes))
        }
    }
}

/// A `/rendezvous/1.0.0` client on one stream: REGISTER, UNREGISTER, DISCOVER with cookies.
public struct RendezvousV1Client: Sendable {
    let stream: any ProtocolStream

    public init(stream: any ProtocolStream) { self.stream = stream }

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
        try await stream.send(FramedMessage(code: 0, payload: RendezvousV1Codec.encode(.unregister(namespace: namespace, peerID: peerID))))
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
        try await stream.send(FramedMessage(code: 0, payload: RendezvousV1Codec.encode(message)))
        guard let reply = try await stream.receive() else { throw RendezvousV1ClientError.closed }
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
