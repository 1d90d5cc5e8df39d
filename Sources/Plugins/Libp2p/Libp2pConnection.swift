import Kernel
import Libp2pCore
import Synchronization

/// What a connection needs to know about this node to answer identify and negotiate streams.
struct Libp2pLocalInfo: Sendable {
    let identity: Libp2pIdentityKey
    let listenAddresses: @Sendable () -> [Multiaddr]
    /// Protocols with a registered kernel handler right now.
    let offers: @Sendable () -> [ProtocolOffer]
    let agentVersion: String
    let maximumMessage: Int
    /// Protocols served inside the plugin (gossipsub).
    var native = NativeServices()
    /// Sequence number of this node's signed peer record (its start time in µs: grows across restarts).
    var recordSeq: UInt64 = 0

    /// The largest message accepted on `id`: the handler's own limit when it is smaller than the transport's.
    func messageLimit(for id: ProtocolID) -> Int {
        min(maximumMessage, offers().first { $0.id == id }?.maximumMessageSize ?? maximumMessage)
    }

    /// Every protocol id this node answers on a stream.
    func supportedNames() -> [String] {
        [PingService.protocolID, IdentifyMessage.protocolID, IdentifyMessage.pushProtocolID] + offers().map { ProtocolNames.libp2p($0.id) }
            + native.protocolNames
    }
}

/// An upgraded libp2p connection as the kernel sees it: the Noise-proven peer id, yamux or mplex streams, and
/// Parley's protocols each on a stream of its own. Streams this side opens for the kernel's protocols
/// and streams the peer opens both arrive on `inboundStreams`, so handlers serve both the same way.
final class Libp2pConnection: SecureConnection, Sendable {
    let remotePeer: PeerID
    let libp2pPeer: Libp2pPeerID
    let remoteMultiaddr: Multiaddr?
    let remoteAddress: PeerAddress
    let direction: ConnectionDirection
    let transportName = "libp2p"
    let muxerName: String
    let inboundStreams: AsyncStream<any ProtocolStream>
    private let streamSink: AsyncStream<any ProtocolStream>.Continuation
    let mux: any StreamMuxer
    let local: Libp2pLocalInfo
    private let negotiated = Mutex<[ProtocolID]>([])
    private let identified = Mutex<IdentifyMessage?>(nil)
    private let latch = DisconnectLatch()
    /// Fires when the connection finishes; unlike `closed()`, waiting on it ends when the waiter is cancelled.
    let closure = ClosureSignal()
    /// The task reading this connection (owned by the transport's registry); cancelled on close.
    let lifetime: TaskHandle

    init(upgraded: UpgradedConnection, remoteAddress: PeerAddress, remoteMultiaddr: Multiaddr?, direction: ConnectionDirection,
         mux: any StreamMuxer, local: Libp2pLocalInfo, lifetime: TaskHandle) {
        self.lifetime = lifetime
        libp2pPeer = upgraded.remotePeer
        remotePeer = PeerID(upgraded.remotePeer.bytes)
        self.remoteAddress = remoteAddress
        self.remoteMultiaddr = remoteMultiaddr
        self.direction = direction
        muxerName = upgraded.muxer
        self.mux = mux
        self.local = local
        (inboundStreams, streamSink) = AsyncStream<any ProtocolStream>.makeStream()
    }

    var protocols: [ProtocolID] { negotiated.withLock { $0 } }
    /// What the peer said about itself in identify, once it has.
    var remoteIdentify: IdentifyMessage? { identified.withLock { $0 } }
    var isClosed: Bool { latch.isClosed }

    func openStream(_ id: ProtocolID) async throws -> any ProtocolStream {
        let stream = try await mux.openAnyStream()
        var reader = StreamReader(stream)
        guard try await StreamNegotiation.propose(ProtocolNames.libp2p(id), on: &reader) else {
            await stream.reset()
            throw NetworkError.protocolNotNegotiated(id)
        }
        return Libp2pProtocolStream(protocolID: id, reader: reader, maximumMessage: local.messageLimit(for: id))
    }

    /// Opens a stream for each kernel protocol this node offers; those the peer accepts go to the kernel.
    func openOfferedStreams() async {
        for offer in local.offers() {
            guard let stream = try? await openStream(offer.id) else { continue }
            negotiated.withLock { $0.append(offer.id) }
            streamSink.yield(stream)
        }
    }

    /// Negotiates a stream the peer opened and serves it: ping, identify, or a kernel protocol.
    func serveInbound(_ stream: any MuxedStream) async {
        var reader = StreamReader(stream)
        do {
            guard let name = try await StreamNegotiation.accept(local.supportedNames(), on: &reader) else {
                await stream.reset()
                return
            }
            switch name {
            case PingService.protocolID:
                try await PingService.answer(&reader)
                await stream.closeWrite()
            case IdentifyMessage.protocolID:
                try await stream.write(IdentifyService.delimited(identifyRecord()))
                await stream.closeWrite()
            case IdentifyMessage.pushProtocolID:
                let record = try await IdentifyService.read(&reader)
                _ = try record.verifiedKey(for: libp2pPeer)
                identified.withLock { $0 = record }
                await stream.closeWrite()
            case _ where local.native.service(for: name) != nil:
                await local.native.service(for: name)?.serve(reader, protocolName: name, on: self)
            default:
                guard let id = ProtocolNames.kernel(name) else { await stream.reset(); return }
                negotiated.withLock { if !$0.contains(id) { $0.append(id) } }
                streamSink.yield(Libp2pProtocolStream(protocolID: id, reader: reader, maximumMessage: local.messageLimit(for: id)))
            }
        } catch {
            await stream.reset()
        }
    }

    /// Asks the peer to identify itself (`/ipfs/id/1.0.0`) and records the answer.
    @discardableResult
    func identify() async throws -> IdentifyMessage {
        let stream = try await mux.openAnyStream()
        var reader = StreamReader(stream)
        guard try await StreamNegotiation.propose(IdentifyMessage.protocolID, on: &reader) else {
            await stream.reset()
            throw NetworkError.protocolNotNegotiated(ProtocolID(name: IdentifyMessage.protocolID, version: 0))
        }
        await stream.closeWrite()
        let record = try await IdentifyService.read(&reader)
        _ = try record.verifiedKey(for: libp2pPeer)
        identified.withLock { $0 = record }
        return record
    }

    /// One `/ipfs/ping/1.0.0` round trip on a fresh stream.
    func ping(clock: any NodeClock) async throws -> Duration {
        let stream = try await mux.openAnyStream()
        var reader = StreamReader(stream)
        guard try await StreamNegotiation.propose(PingService.protocolID, on: &reader) else {
            await stream.reset()
            throw NetworkError.protocolNotNegotiated(ProtocolID(name: PingService.protocolID, version: 0))
        }
        do {
            let rtt = try await PingService.roundTrip(&reader, clock: clock)
            await stream.closeWrite()
            return rtt
        } catch {
            await stream.reset()
            throw error
        }
    }

    func identifyRecord() -> IdentifyMessage {
        let listen = local.listenAddresses()
        var record = IdentifyMessage(publicKey: local.identity.publicKey.protobuf, listenAddrs: listen,
                                     protocols: local.supportedNames(), observedAddr: remoteMultiaddr, agentVersion: local.agentVersion)
        // The signed peer record lets peers pass these addresses on (gossipsub peer exchange).
        record.signedPeerRecord = try? SignedPeerRecord(signing: local.identity, seq: local.recordSeq,
                                                        addresses: listen.map { Multiaddr($0.components.filter { if case .p2p = $0 { false } else { true } }) }).envelope
        return record
    }

    func close(_ reason: DisconnectReason) async {
        guard finish(reason) else { return }
        await mux.shutdown(protocolError: reason == .protocolBreach)
        await mux.writer.finish()
        lifetime.cancel()
    }

    func closed() async -> DisconnectReason { await latch.wait() }

    /// Records why the connection ended (first reason wins) and ends the kernel's stream list.
    @discardableResult
    func finish(_ reason: DisconnectReason) -> Bool {
        guard latch.close(reason) else { return false }
        closure.fire()
        streamSink.finish()
        return true
    }
}
