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
    /// Connections this service runs its outbound stream on (or is opening it on).
    private let attached = Mutex<Set<ObjectIdentifier>>([])
    /// Fired when the plugin stops: every outbound stream closes and inbound streams are reset, so a
    /// later start of the plugin attaches afresh to the same connections.
    let detached = ClosureSignal()

    /// Ask each v1.1 peer for identify (its signed peer record, offered in peer exchange).
    let identifyPeers: Bool

    init(router: GossipsubRouter, maxRPCBytes: Int, identifyPeers: Bool = false) {
        self.router = router
        self.maxRPCBytes = maxRPCBytes
        self.identifyPeers = identifyPeers
    }

    var protocolNames: [String] { PubsubProtocol.allCases.map(\.rawValue) }

    /// Runs for the connection's lifetime (in its task): the outbound stream, then removal when it ends
    /// (or when the plugin stops). At most once per connection: a peer's inbound stream on a connection
    /// this service has not opened its own stream on yet (the plugin was enabled after it was
    /// established) starts it from `serve`.
    func connected(_ connection: Libp2pConnection) async {
        let id = connection.remotePeer
        let handle = ObjectIdentifier(connection)
        guard attached.withLock({ $0.insert(handle).inserted }) else { return }
        defer { _ = attached.withLock { $0.remove(handle) } }
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
                set.add(handle, stream, connection)
                return (set, existing == nil)
            }
            if isNew {
                await router.addPeer(id, proto: proto, outbound: connection.direction == .outbound, ip: connection.remoteAddress.host, link: set)
            }
            await withDiscardingTaskGroup { group in
                // Peer exchange passes on the peer's signed record: ask for it (identify) once per connection.
                if identifyPeers && proto.supportsBackoff && connection.remoteIdentify == nil {
                    group.addTask { _ = try? await connection.identify() }
                }
                await untilClosedOrDetached(connection)
                group.cancelAll()
            }
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
        let needsOutbound = attached.withLock { !$0.contains(ObjectIdentifier(connection)) }
        let stream = reader.stream
        await withDiscardingTaskGroup { group in
            if needsOutbound { group.addTask { await self.connected(connection) } }
            group.addTask {
                await self.untilClosedOrDetached(connection)
                if self.detached.isFired { await stream.reset() }
            }
            var reader = reader
            do {
                while let body = try await reader.delimited(limit: maxRPCBytes) {
                    if case .pause(let wait) = await router.receive(body, from: id) {
                        // Graylisted or over its message rate: stop reading this peer for a while. Its unread
                        // bytes fill the yamux window, so a flood stalls at the sender instead of costing this
                        // node a decrypt and a router hop per RPC — and the honest peers' RPCs stop queueing
                        // behind it.
                        do { try await router.clock.sleep(for: wait) } catch { break }
                    }
                }
            } catch {
                // Oversize or broken framing: the stream cannot be resynchronised.
                if !detached.isFired { await router.framingFailed(id, error: "\(error)") }
                await stream.reset()
            }
            if !needsOutbound { group.cancelAll() }
        }
        // A peer known only from its inbound stream (no outbound stream of ours) is forgotten with it.
        if links.withLock({ $0[id] == nil }) { await router.removePeer(id) }
    }
}

extension GossipsubService {
    /// Returns when the connection ends, the plugin stops, or the calling task is cancelled.
    func untilClosedOrDetached(_ connection: Libp2pConnection) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await connection.closure.wait() }
            group.addTask { await self.detached.wait() }
            await group.next()
            group.cancelAll()
        }
    }
}

/// A peer's outbound pubsub streams as the router's link: RPCs go on the newest live one's bounded,
/// non-waiting outbox.
final class PeerLinks: GossipsubLink {
    private let streams = Mutex<[(ObjectIdentifier, Libp2pProtocolStream, Libp2pConnection)]>([])

    func add(_ handle: ObjectIdentifier, _ stream: Libp2pProtocolStream, _ connection: Libp2pConnection) {
        streams.withLock { $0.append((handle, stream, connection)) }
    }

    /// The record the peer sent in identify on its newest connection (passed on in peer exchange).
    var signedPeerRecord: [UInt8]? { streams.withLock { $0.last?.2.remoteIdentify?.signedPeerRecord } }

    /// Removes a connection's stream; true when none is left.
    func remove(_ connection: ObjectIdentifier) -> Bool {
        streams.withLock { all in
            all.removeAll { $0.0 == connection }
            return all.isEmpty
        }
    }

    func enqueue(_ rpc: [UInt8]) async -> Bool {
        for (_, stream, _) in streams.withLock({ Array($0.reversed()) }) {
            if let queued = try? await stream.enqueue(FramedMessage(code: 0, payload: rpc)) { return queued }
        }
        return false
    }
}
