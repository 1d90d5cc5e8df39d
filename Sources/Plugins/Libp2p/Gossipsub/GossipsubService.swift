import Kernel
import Libp2pCore
import Synchronization

/// Runs gossipsub on libp2p connections: opens this node's outbound pubsub stream on every connection
/// (`/meshsub/1.1.0`, else `/meshsub/1.0.0`, else `/floodsub/1.0.0`) and reads the RPCs of the streams
/// the peer opens. Gossipsub uses one stream per direction, which the kernel's one-handler-per-protocol
/// seam does not express, so the service lives in the transport (`NativeProtocolService`).
final class GossipsubService: NativeProtocolService {
    let router: GossipsubRouter
    let maxRPCBytes: Int
    /// Each peer's outbound streams, one per live connection (two while a simultaneous dial settles).
    private let links = Mutex<[PeerID: PeerLinks]>([:])

    init(router: GossipsubRouter, maxRPCBytes: Int) {
        self.router = router
        self.maxRPCBytes = maxRPCBytes
    }

    var protocolNames: [String] { PubsubProtocol.allCases.map(\.rawValue) }

    /// Runs for the connection's lifetime (in its task): the outbound stream, then removal when it ends.
    func connected(_ connection: Libp2pConnection) async {
        let id = connection.remotePeer
        let handle = ObjectIdentifier(connection)
        for proto in PubsubProtocol.allCases {
            let stream: Libp2pProtocolStream
            do {
                guard let opened = try await connection.openStream(ProtocolID(name: proto.rawValue, version: 0)) as? Libp2pProtocolStream else { return }
                stream = opened
            } catch NetworkError.protocolNotNegotiated {
                continue
            } catch {
                return
            }
            let (set, isNew) = links.withLock { all -> (PeerLinks, Bool) in
                let existing = all[id]
                let set = existing ?? PeerLinks()
                all[id] = set
                set.add(handle, stream)
                return (set, existing == nil)
            }
            if isNew {
                await router.addPeer(id, proto: proto, outbound: connection.direction == .outbound, ip: connection.remoteAddress.host, link: set)
            }
            await connection.closure.wait()
            await stream.close()
            let gone = links.withLock { all -> Bool in
                guard let set = all[id], set.remove(handle) else { return false }
                all[id] = nil
                return true
            }
            if gone { await router.removePeer(id) }
            return
        }
    }

    func serve(_ reader: StreamReader, protocolName: String, on connection: Libp2pConnection) async {
        guard let proto = PubsubProtocol(rawValue: protocolName) else { await reader.stream.reset(); return }
        let id = connection.remotePeer
        await router.inboundStream(id, proto: proto, outbound: connection.direction == .outbound, ip: connection.remoteAddress.host,
                                   connection: ObjectIdentifier(connection))
        var reader = reader
        do {
            while let body = try await reader.delimited(limit: maxRPCBytes) {
                await router.receive(body, from: id)
            }
        } catch {
            // Oversize or broken framing: the stream cannot be resynchronised.
            await router.framingFailed(id, error: "\(error)")
            await reader.stream.reset()
        }
        // A peer known only from its inbound stream (no outbound stream of ours) is forgotten with it.
        if links.withLock({ $0[id] == nil }) { await router.removePeer(id) }
    }
}

/// A peer's outbound pubsub streams as the router's link: RPCs go on the newest live one's bounded,
/// non-waiting outbox.
final class PeerLinks: GossipsubLink {
    private let streams = Mutex<[(ObjectIdentifier, Libp2pProtocolStream)]>([])

    func add(_ connection: ObjectIdentifier, _ stream: Libp2pProtocolStream) { streams.withLock { $0.append((connection, stream)) } }

    /// Removes a connection's stream; true when none is left.
    func remove(_ connection: ObjectIdentifier) -> Bool {
        streams.withLock { all in
            all.removeAll { $0.0 == connection }
            return all.isEmpty
        }
    }

    func enqueue(_ rpc: [UInt8]) async -> Bool {
        for (_, stream) in streams.withLock({ Array($0.reversed()) }) {
            if let queued = try? await stream.enqueue(FramedMessage(code: 0, payload: rpc)) { return queued }
        }
        return false
    }
}
