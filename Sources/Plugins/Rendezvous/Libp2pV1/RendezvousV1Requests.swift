import Kernel
import Libp2pCore

/// libp2p `/rendezvous/1.0.0` requests for the client schedule: REGISTER this node (a signed peer record, or
/// py-libp2p 0.8.1's unsigned `PeerInfo`) with a TTL in seconds; DISCOVER one page and turn each registration into a
/// dialable `/ip4/…/tcp/…/p2p/<id>` address (a signed record's addresses only when its envelope verifies).
struct RendezvousV1Requests: RendezvousRequests {
    let client: RendezvousV1Client
    let clock: any NodeClock
    let timeout: Duration
    let stats: RendStats
    let ttlSeconds: UInt64
    let ownPeer: @Sendable () async -> RendezvousV1Registration.Peer?

    func register(topic: String) async throws(RendClientError) {
        guard let peer = await ownPeer() else { return }
        let registration = RendezvousV1Registration(namespace: topic, peer: peer, ttl: ttlSeconds)
        let client = client
        _ = try await timed { try await client.register(registration) }.get()
    }

    func discover(topic: String, limit: UInt64) async throws(RendClientError) -> [PeerAddress] {
        let client = client
        let (registrations, _) = try await timed { try await client.discover(namespace: topic, limit: limit) }.get()
        guard UInt64(registrations.count) <= limit else { throw .tooManyRecords(registrations.count, limit: limit) }
        stats.noteDiscovered(registrations.count)
        return registrations.compactMap { Self.dialable($0.peer) }
    }

    /// The first dialable TCP address of a registration, with its peer id.
    static func dialable(_ peer: RendezvousV1Registration.Peer) -> PeerAddress? {
        let id: [UInt8], addresses: [Multiaddr]
        switch peer {
        case .info(let i, let a): (id, addresses) = (i, a.compactMap { try? Multiaddr(bytes: $0) })
        case .signedRecord(let envelope):
            guard let opened = try? SignedPeerRecord(verifying: envelope) else { return nil }
            (id, addresses) = (opened.peerID.bytes, opened.addresses)
        }
        guard !id.isEmpty, (try? Libp2pPeerID(bytes: id)) != nil else { return nil }
        for address in addresses {
            guard let (host, port) = address.tcpEndpoint, port != 0 else { continue }
            return PeerAddress(scheme: "multiaddr", peerID: PeerID(id), host: host, port: port)
        }
        return nil
    }

    private func timed<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async -> Result<T, RendClientError> {
        await RendRequestTimer.run(clock: clock, timeout: timeout) {
            do { return .success(try await body()) } catch let error as RendezvousV1ClientError {
                switch error {
                case .closed: return .failure(.closed)
                case .unexpectedResponse: return .failure(.malformedResponse("\(error)"))
                case .refused(let status, let text): return .failure(.refusedByPoint(status, text))
                }
            } catch let error as RendezvousV1Error {
                return .failure(.malformedResponse(error.description))
            } catch {
                return .failure(.closed)
            }
        }
    }
}

/// This node as a `/rendezvous/1.0.0` registration: `/ip4/<announce ip>/tcp/<libp2p port>` under its libp2p peer id
/// (the secp256k1 node key), sealed in a signed peer record or, for py-libp2p 0.8.1 points, as unsigned `PeerInfo`.
enum RendezvousV1OwnPeer {
    static func announcement(key: Libp2pIdentityKey, ip: String, tcpPort: Int?, signed: Bool,
                             network: PluginNetwork) -> RendOwnAnnouncement<RendezvousV1Registration.Peer> {
        RendOwnAnnouncement(tcpPort: tcpPort, scheme: "multiaddr", network: network) { port in
            peer(key: key, ip: ip, port: port, signed: signed, seq: 1)
        }
    }

    static func peer(key: Libp2pIdentityKey, ip: String, port: UInt16, signed: Bool, seq: UInt64) -> RendezvousV1Registration.Peer? {
        let octets = ip.split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4 else { return nil }
        let address = Multiaddr([.ip4(octets), .tcp(port)])
        guard signed else { return .info(id: key.peerID.bytes, addresses: [address.bytes]) }
        return (try? SignedPeerRecord(signing: key, seq: seq, addresses: [address])).map { .signedRecord($0.envelope) }
    }
}
