import Kernel
import Libp2pCore

/// Runs gossipsub on libp2p connections: opens this node's outbound pubsub stream on every connection
/// (`/meshsub/1.1.0`, else `/meshsub/1.0.0`, else `/floodsub/1.0.0`) and reads the RPCs of the streams
/// the peer opens. Gossipsub uses one stream per direction, which the kernel's one-handler-per-protocol
/// seam does not express, so the service lives in the transport (`NativeProtocolService`).
final class GossipsubService: NativeProtocolService {
    let router: GossipsubRouter
    let maxRPCBytes: Int

    init(router: GossipsubRouter, maxRPCBytes: Int) {
        self.router = router
        self.maxRPCBytes = maxRPCBytes
    }

    var protocolNames: [String] { PubsubProtocol.allCases.map(\.rawValue) }

    func connected(_ connection: Libp2pConnection) async {
        let id = connection.remotePeer
        let handle = ObjectIdentifier(connection)
        for proto in PubsubProtocol.allCases {
            do {
                let stream = try await connection.openStream(ProtocolID(name: proto.rawValue, version: 0))
                guard let stream = stream as? Libp2pProtocolStream else { return }
                await router.addPeer(id, proto: proto, outbound: connection.direction == .outbound, ip: connection.remoteAddress.host,
                                     link: StreamLink(stream: stream), connection: handle)
                _ = await connection.closed()
                await stream.close()
                await router.removePeer(id, connection: handle)
                return
            } catch NetworkError.protocolNotNegotiated {
                continue
            } catch {
                return
            }
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
    }
}

/// A peer's outbound pubsub stream as the router's link: RPCs go on its bounded, non-waiting outbox.
struct StreamLink: GossipsubLink {
    let stream: Libp2pProtocolStream
    func enqueue(_ rpc: [UInt8]) async -> Bool {
        (try? await stream.enqueue(FramedMessage(code: 0, payload: rpc))) ?? false
    }
}
