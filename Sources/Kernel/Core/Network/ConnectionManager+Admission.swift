import Foundation
import Logging

/// One admitted connection and the handler tasks serving its streams.
final class LiveConnection: @unchecked Sendable {
    // Mutated only on the ConnectionManager actor.
    let connection: any SecureConnection
    let address: PeerAddress
    let owner: String
    let persistent: Bool
    let connectedAt: Date
    let traffic = TrafficCounter()
    var streams: [ProtocolID: any ProtocolStream] = [:]
    var serving: [ProtocolID: Task<Void, Never>] = [:]
    /// Which serve task is current per protocol, and how many streams of it arrived: libp2p protocols that
    /// open a stream per request (`/rend/0.1.0`) get the next stream served when the previous one ends.
    var servingToken: [ProtocolID: UInt64] = [:]
    var arrivals: [ProtocolID: UInt64] = [:]
    var servedArrival: [ProtocolID: UInt64] = [:]
    var pump: Task<Void, Never>?

    init(connection: any SecureConnection, address: PeerAddress, owner: String, persistent: Bool, connectedAt: Date) {
        self.connection = connection
        self.address = address
        self.owner = owner
        self.persistent = persistent
        self.connectedAt = connectedAt
    }
}

extension ConnectionManager {
    /// Decides whether an authenticated connection may stay. Refused connections are closed with the
    /// devp2p reason; admitted ones get their streams pumped to protocol handlers.
    func admit(_ connection: any SecureConnection, persistent: Bool, dialedAddress: PeerAddress? = nil,
               owner: String? = nil) async -> Bool {
        let peer = connection.remotePeer
        let now = clock.now()
        let refusal: DisconnectReason?
        var replaced: LiveConnection?
        if peer == localPeer || peer.secp256k1PublicKey?.raw64 == localPeer.bytes {   // this node, on any transport
            refusal = .connectedToSelf
        } else if let existing = connections[peer] {
            // Both sides dialled at once: both keep the connection initiated by the lower node id, so
            // they agree on which one survives instead of each closing the other's.
            if initiator(of: connection).bytes.lexicographicallyPrecedes(initiator(of: existing.connection).bytes) {
                replaced = existing
                refusal = nil
            } else {
                refusal = .alreadyConnected
            }
        } else if peerBook.isBanned(peer, at: now) {
            refusal = DisconnectReason.uselessPeer.with(detail: "banned after misbehaviour")
        } else {
            switch slotDecision(for: connection, persistent: persistent, now: now) {
            case .admit:
                refusal = nil
            case .evict(let victim):
                await evict(victim, for: peer)
                // The actor was re-entered while the victim closed: the same peer may have got in.
                refusal = connections[peer] == nil ? nil : .alreadyConnected
            case .refuse(let why):
                refusal = why.disconnectReason
            }
        }
        if let refusal {
            logger.info("refusing connection", metadata: ["peer": "\(peer)", "reason": "\(refusal)"])
            await connection.close(refusal)
            return false
        }
        if let replaced {
            connections[peer] = nil
            for task in replaced.serving.values { task.cancel() }
            await replaced.connection.close(.alreadyConnected)
            guard connections[peer] == nil else {
                await connection.close(.alreadyConnected)
                return false
            }
        }
        let owner = owner ?? transports[connection.transportName]?.owner ?? connection.transportName
        let live = LiveConnection(connection: connection, address: dialedAddress ?? connection.remoteAddress,
                                  owner: owner, persistent: persistent, connectedAt: now)
        connections[peer] = live
        peerBook.recordConnected(live.address, peer: peer)
        logger.info("peer connected", metadata: [
            "peer": "\(peer)", "direction": "\(connection.direction.rawValue)",
            "transport": "\(connection.transportName)",
            "protocols": "\(connection.protocols.map(\.description).joined(separator: ","))",
        ])
        events.publish(PeerConnected(peer: peer, address: live.address, direction: connection.direction,
                                     transport: connection.transportName, protocols: connection.protocols))
        live.pump = Task { [weak self] in
            for await stream in connection.inboundStreams {
                await self?.streamArrived(stream, on: live)
            }
            let reason = await connection.closed()
            await self?.connectionEnded(live, reason: reason)
        }
        return true
    }

    /// Asks the admission policy for a slot (see `PeerAdmission` for the rule).
    func slotDecision(for connection: any SecureConnection, persistent: Bool, now: Date) -> PeerAdmissionDecision {
        let candidate = AdmissionCandidate(group: AddressGroup(host: connection.remoteAddress.host),
                                           direction: connection.direction, persistent: persistent,
                                           score: peerBook.entry(for: connection.remotePeer)?.score ?? 0)
        let current = connections.values.map { live in
            AdmittedPeer(peer: live.connection.remotePeer, group: AddressGroup(host: live.connection.remoteAddress.host),
                         direction: live.connection.direction, persistent: live.persistent,
                         score: peerBook.entry(for: live.connection.remotePeer)?.score ?? 0,
                         connectedAt: live.connectedAt, messagesIn: live.traffic.snapshot.packetsIn)
        }
        return PeerAdmission(limits: limits).decide(candidate, current: current, now: now)
    }

    /// Disconnects an inbound peer to make room for `newcomer`; it is told "too many peers".
    func evict(_ victim: PeerID, for newcomer: PeerID) async {
        guard let live = connections[victim] else { return }
        logger.info("evicting inbound peer for a newcomer", metadata: ["peer": "\(victim)", "for": "\(newcomer)"])
        events.publish(PeerEvicted(peer: victim, newcomer: newcomer))
        await live.connection.close(DisconnectReason.tooManyPeers.with(detail: "evicted for a better peer"))
        connectionEnded(live, reason: DisconnectReason.tooManyPeers.with(detail: "evicted"))
    }

    func initiator(of connection: any SecureConnection) -> PeerID {
        connection.direction == .outbound ? localPeer : connection.remotePeer
    }

    func streamArrived(_ stream: any ProtocolStream, on live: LiveConnection) {
        guard connections[live.connection.remotePeer] === live else { return }
        let id = stream.protocolID
        let counters = [live.traffic, protocolCounter(id)]
        live.streams[id] = CountingStream(inner: stream, counters: counters)
        live.arrivals[id, default: 0] += 1
        startServing(live, id)
    }

    func startServing(_ live: LiveConnection, _ id: ProtocolID) {
        guard live.serving[id] == nil, let handler = handlers[id]?.value, let stream = live.streams[id] else { return }
        let connection = live.connection
        let session = PeerSession(
            peerID: connection.remotePeer, address: live.address, direction: connection.direction,
            transportName: connection.transportName, connection: connection,
            penalize: { [weak self] penalty in await self?.penalize(connection.remotePeer, penalty) })
        let token = (live.servingToken[id] ?? 0) &+ 1
        live.servingToken[id] = token
        live.servedArrival[id] = live.arrivals[id] ?? 0
        live.serving[id] = Task { [weak self] in
            do {
                try await handler.serve(stream, peer: session)
                // Only native libp2p protocol ids (`/…`, version 0) open a stream per request; others keep one stream.
                guard !Task.isCancelled, id.version == 0, id.name.hasPrefix("/") else { return }
                await self?.servingEnded(live, id, token: token)
            } catch {
                guard !Task.isCancelled else { return }
                await self?.handlerFailed(live, id, error)
            }
        }
    }

    /// A handler finished its stream normally: serve a newer stream of the same protocol, if one arrived meanwhile.
    func servingEnded(_ live: LiveConnection, _ id: ProtocolID, token: UInt64) {
        guard live.servingToken[id] == token, connections[live.connection.remotePeer] === live else { return }
        live.serving[id] = nil
        if (live.arrivals[id] ?? 0) != (live.servedArrival[id] ?? 0) { startServing(live, id) }
    }

    func handlerFailed(_ live: LiveConnection, _ id: ProtocolID, _ error: any Error) async {
        logger.warning("protocol handler failed; disconnecting", metadata: [
            "peer": "\(live.connection.remotePeer)", "protocol": "\(id)", "error": "\(error)"])
        await live.connection.close(DisconnectReason.subprotocolError.with(detail: "\(id): \(error)"))
    }

    func connectionEnded(_ live: LiveConnection, reason: DisconnectReason) {
        let peer = live.connection.remotePeer
        guard connections[peer] === live else { return }
        connections[peer] = nil
        for task in live.serving.values { task.cancel() }
        live.serving.removeAll()
        peerBook.recordDisconnected(peer, reason: reason, at: clock.now())
        logger.info("peer disconnected", metadata: ["peer": "\(peer)", "reason": "\(reason)"])
        events.publish(PeerDisconnected(peer: peer, reason: reason))
        wake.push(())
    }

    /// Lowers a peer's score; a peer that falls to the ban threshold is disconnected and banned.
    public func penalize(_ peer: PeerID, _ penalty: PeerPenalty) async {
        let live = connections[peer]
        let result = peerBook.penalize(peer, address: live?.address, penalty, at: clock.now())
        logger.notice("peer penalized", metadata: [
            "peer": "\(peer)", "points": "\(penalty.points)", "reason": "\(penalty.reason)", "score": "\(result.score)"])
        events.publish(PeerPenalized(peer: peer, penalty: penalty, score: result.score))
        if result.banned, let live {
            await live.connection.close(DisconnectReason.protocolBreach.with(detail: penalty.reason))
        }
    }

    func protocolCounter(_ id: ProtocolID) -> TrafficCounter {
        if let counter = protocolTraffic[id] { return counter }
        let counter = TrafficCounter()
        protocolTraffic[id] = counter
        return counter
    }
}
