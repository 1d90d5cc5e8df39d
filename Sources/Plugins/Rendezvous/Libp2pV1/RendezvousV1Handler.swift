import Kernel

/// `/rendezvous/1.0.0` as a kernel handler. On a rendezvous point it serves streams peers open: any number of
/// requests per stream, each answered in order (REGISTER → REGISTER_RESPONSE, DISCOVER → DISCOVER_RESPONSE,
/// UNREGISTER unanswered); a message that does not decode, or a response type from a client, ends the stream with
/// a penalty. On a client (profile `protocol: rendezvous`) a stream on a connection this node dialled to one of its
/// configured servers runs the client schedule, as `RendHandler` does for `/rend/0.1.0` (a `/rend/0.1.0` client parks
/// it for a later swap). Any other stream is closed.
struct RendezvousV1Handler: ProtocolHandler {
    static let protocolID = ProtocolID(name: RendezvousV1Message.protocolID, version: 0)
    var protocolID: ProtocolID { Self.protocolID }
    var messageCodeCount: UInt { 0 }
    var maximumMessageSize: Int? { RendezvousV1Message.maximumMessage }
    let registry: RendezvousV1Registry?
    let stats: RendStats
    var client: RendClientLoop? = nil
    /// Peer ids of the configured servers: only those get a client stream.
    var servers: Set<PeerID> = []

    func serve(_ stream: any ProtocolStream, peer: PeerSession) async throws {
        if peer.direction == .outbound, servers.contains(peer.peerID) {
            if let client { try await client.run(first: stream, peer: peer) } else { await RendStreamParking.park() }
            return
        }
        guard peer.direction == .inbound, let registry else { await stream.close(); return }
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
                if status == .ok { stats.noteRegistration(v1: true) } else { await peer.penalize(.minor("rendezvous/1.0.0: register refused \(status)")) }
                reply = .registerResponse(status: status, text: "\(status)", ttl: ttl)
            case .unregister(let namespace, _):
                await registry.unregister(namespace: namespace, peer: peer.peerID)
                continue
            case .discover(let namespace, let limit, let cookie):
                let (status, registrations, next) = await registry.discover(namespace: namespace, limit: limit, cookie: cookie)
                reply = .discoverResponse(registrations: registrations, cookie: next, status: status, text: "\(status)")
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
