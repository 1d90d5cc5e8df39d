// The `devp2p` transport: RLPx over TCP (ethereum/devp2p rlpx.md, EIP-8; wire-facts §1), wire-compatible
// with go-ethereum. Capabilities negotiated in Hello become the kernel's protocol streams.
import Kernel
import Logging
import NIOCore
import NIOPosix
import Primitives
import Synchronization

/// Why the devp2p transport could not start.
public enum Devp2pStartError: Error, CustomStringConvertible {
    case cannotListen(host: String, port: UInt16, reason: String)

    public var description: String {
        switch self {
        case .cannotListen(let host, let port, let reason):
            return "devp2p cannot listen on \(host):\(port): \(reason); set devp2p.port to a free port (or 0 for any)"
        }
    }
}

/// Listens for and dials RLPx sessions; registers itself as the `enode` transport.
public struct Devp2pPlugin: NodePlugin {
    public static let descriptor = PluginDescriptor(
        key: "devp2p", summary: "RLPx over TCP (enode://), EIP-8 handshake, snappy, capability negotiation",
        provides: [.transport, "transport.devp2p"])

    public var descriptor: PluginDescriptor { Self.descriptor }
    let config: Devp2pConfig
    let listener: Devp2pListener

    public init(config: Devp2pConfig) {
        self.config = config
        listener = Devp2pListener(limits: config.handshakeLimits, receiveBudget: RLPxReceiveBudget(limit: config.receiveBudgetBytes))
    }

    public static func factory() -> any PluginFactory {
        TypedPluginFactory(descriptor, config: Devp2pConfig.self) { Devp2pPlugin(config: $0) }
    }

    public func prepare(_ context: PluginContext) async throws {
        let transport = Devp2pTransport(config: config, identity: context.identity, network: context.network,
                                        logger: context.logger, listener: listener)
        try await listener.bind(config: config, transport: transport)
        await context.network.register(transport: transport)
        let addresses = await transport.listenAddresses()
        context.logger.info("devp2p listening", metadata: ["enode": "\(addresses.first?.description ?? "?")"])
    }

    /// Hands authenticated inbound sessions to the connection manager until stopped, then closes the
    /// listening socket (the port is free again at once) and every session still in its handshake.
    public func run(_ context: PluginContext) async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await context.stopSignal.wait()
                listener.established.finish()
                listener.misbehaviour.finish()
            }
            group.addTask {
                while let report = await listener.misbehaviour.next() {
                    await context.network.penalize(report.peer, report.penalty)
                }
            }
            while let connection = await listener.established.next() {
                await context.network.acceptInbound(connection)
            }
            group.cancelAll()
        }
        await listener.close()
    }
}

/// A penalty raised by a session, on its way to the peer book.
struct Misbehaviour: Sendable {
    let peer: PeerID
    let penalty: PeerPenalty
}

/// The listening socket and the sessions it accepted that are still handshaking.
final class Devp2pListener: Sendable {
    /// Handshakes in flight, admitted per IP, subnet and in total.
    let handshakes: HandshakeSlots
    let established = AsyncMessageQueue<Devp2pConnection>()
    /// Penalties raised on I/O threads, handed to the peer book by the plugin's run loop.
    let misbehaviour = AsyncMessageQueue<Misbehaviour>(capacity: 1024)
    private let server = Mutex<(any Channel)?>(nil)
    /// Frame bodies buffered by every session of this transport, inbound and outbound.
    let receiveBudget: RLPxReceiveBudget

    init(limits: HandshakeLimits, receiveBudget: RLPxReceiveBudget) {
        handshakes = HandshakeSlots(limits: limits)
        self.receiveBudget = receiveBudget
    }

    var localPort: Int? { server.withLock { $0?.localAddress?.port } }

    func bind(config: Devp2pConfig, transport: Devp2pTransport) async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                let group = AddressGroup(host: channel.remoteAddress?.ipAddress ?? "?")
                let slot: Int
                switch handshakes.admit(channel, from: group) {
                case .success(let id):
                    slot = id
                case .failure(let refusal):
                    transport.logger.notice("dropping connection before its handshake",
                                            metadata: ["remote": "\(group)", "reason": "\(refusal)"])
                    return channel.close()
                }
                let promise = channel.eventLoop.makePromise(of: Devp2pConnection.self)
                promise.futureResult.whenComplete { [self] result in
                    handshakes.release(slot)
                    if case .success(let connection) = result, !established.push(connection) {
                        connection.channel.close(promise: nil)   // the plugin is stopping
                    }
                }
                return channel.eventLoop.makeCompletedFuture {
                    var config = transport.sessionConfig(role: .recipient, remote: nil, channel: channel)
                    config.handshakeProgressed = { [handshakes] in handshakes.progressed(slot) }
                    let handler = try RLPxSessionHandler(config: config, established: promise, logger: transport.logger)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        do {
            let channel = try await bootstrap.bind(host: config.host, port: Int(config.port)).get()
            server.withLock { $0 = channel }
        } catch {
            throw Devp2pStartError.cannotListen(host: config.host, port: config.port, reason: "\(error)")
        }
    }

    func close() async {
        let channel = server.withLock { channel -> (any Channel)? in
            defer { channel = nil }
            return channel
        }
        try? await channel?.close()
    }
}
