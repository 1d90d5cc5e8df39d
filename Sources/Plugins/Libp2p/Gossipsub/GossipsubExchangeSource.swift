import Kernel
import Libp2pCore
import Synchronization

/// Peers learnt from gossipsub peer exchange, as a discovery source: the connection manager dials them
/// when it has free slots (its limits, backoff and ban list apply as to any other source).
final class GossipsubExchangeSource: DiscoverySource {
    let name = "gossipsub-px"
    /// Offered peers not yet handed to the connection manager (newest last, bounded).
    private let pending = Mutex<[PeerRecord]>([])
    static let capacity = 256

    /// Queues the dialable (IPv4/IPv6 + TCP) address of each record.
    func offer(_ records: [SignedPeerRecord]) {
        let found = records.compactMap { record -> PeerRecord? in
            guard let address = Self.address(of: record) else { return nil }
            return PeerRecord(address: address, source: name)
        }
        pending.withLock { queue in
            for record in found where !queue.contains(record) { queue.append(record) }
            if queue.count > Self.capacity { queue.removeFirst(queue.count - Self.capacity) }
        }
    }

    func nextPeers(limit: Int) async throws -> [PeerRecord] {
        pending.withLock { queue in
            let taken = Array(queue.prefix(limit))
            queue.removeFirst(taken.count)
            return taken
        }
    }

    /// The first TCP endpoint of the record (the libp2p transport dials `multiaddr` addresses).
    static func address(of record: SignedPeerRecord) -> PeerAddress? {
        for multiaddr in record.addresses {
            if let (host, port) = multiaddr.tcpEndpoint {
                return PeerAddress(scheme: "multiaddr", peerID: PeerID(record.peerID.bytes), host: host, port: port)
            }
        }
        return nil
    }
}
