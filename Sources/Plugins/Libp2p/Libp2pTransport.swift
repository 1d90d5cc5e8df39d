import Foundation
import Kernel
import Libp2pCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Dials `multiaddr` addresses and runs every libp2p connection, inbound or outbound: upgrade under a
/// NodeClock deadline, then the yamux read loop. Each connection's task is held in `tasks` until it
/// ends, and cancelled when the plugin stops.
final class Libp2pTransport: Transport, Sendable {
    let config: Libp2pConfig
    let identity: Libp2pIdentityKey
    /// The node's network; nil for a standalone client (`parley ping`, benches).
    let network: PluginNetwork?
    let clock: any NodeClock
    let logger: Logger
    let server = Mutex<(any Channel)?>(nil)
    let tasks = Mutex<[Int: Task<Void, Never>]>([:])
    /// Protocols served inside the plugin on every connection (gossipsub).
    let native = NativeServices()
    private let nextTask = Atomic<Int>(0)
    /// Sequence number of this node's signed peer record: the transport's start time in µs.
    let recordSeq: UInt64

    init(config: Libp2pConfig, identity: Libp2pIdentityKey, network: PluginNetwork?, clock: any NodeClock, logger: Logger) {
        self.config = config
        self.identity = identity
        self.network = network
        self.clock = clock
        self.logger = logger
        recordSeq = UInt64(max(0, clock.now().timeIntervalSince1970 * 1e6))
    }

    var name: String { "libp2p" }
    var schemes: Set<String> { ["multiaddr"] }

    var advertisedHost: String {
        config.advertisedHost ?? (config.host == "0.0.0.0" || config.host == "::" ? "127.0.0.1" : config.host)
    }
    var localPort: UInt16 { UInt16(exactly: server.withLock { $0?.localAddress?.port } ?? Int(config.port)) ?? config.port }

    /// The listen address with this node's peer id.
    var listenMultiaddr: Multiaddr {
        let host = advertisedHost
        let first: MultiaddrComponent = (try? Multiaddr(parsing: "/ip4/\(host)"))?.components.first
            ?? (try? Multiaddr(parsing: "/ip6/\(host)"))?.components.first ?? .dns(host)
        return Multiaddr([first, .tcp(localPort), .p2p(identity.peerID)])
    }

    func listenAddresses() async -> [PeerAddress] {
        [PeerAddress(scheme: "multiaddr", peerID: PeerID(identity.peerID.bytes), host: advertisedHost, port: localPort)]
    }

    var localInfo: Libp2pLocalInfo {
        let network = network
        let listen = listenMultiaddr
        var info = Libp2pLocalInfo(identity: identity, listenAddresses: { [listen] }, offers: { network?.currentProtocols ?? [] },
                                   agentVersion: config.agentVersion, maximumMessage: config.maxMessageBytes)
        info.native = native
        info.recordSeq = recordSeq
        return info
    }

    // MARK: listening

    func bind() async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.writeBufferWaterMark, value: Self.writeBufferWaterMark)
            .bind(host: config.host, port: Int(config.port)) { child in
                child.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        server.withLock { $0 = channel.channel }
        let task = Task { [self] in
            do {
                try await channel.executeThenClose { inbound in
                    for try await child in inbound {
                        let remote = child.channel.remoteAddress
                        let address = PeerAddress(scheme: "multiaddr", peerID: nil, host: remote?.ipAddress ?? "?",
                                                  port: UInt16(exactly: remote?.port ?? 0) ?? 0)
                        start(child, dialer: false, expected: nil, address: address) { _ in }
                    }
                }
            } catch {
                logger.debug("libp2p listener ended", metadata: ["error": "\(error)"])
            }
        }
        register(task)
    }

    func stop() async {
        let channel = server.withLock { c -> (any Channel)? in defer { c = nil }; return c }
        try? await channel?.close()
        let all = tasks.withLock { t -> [Task<Void, Never>] in defer { t.removeAll() }; return Array(t.values) }
        for task in all { task.cancel() }
    }

    @discardableResult
    private func register(_ task: Task<Void, Never>) -> Int {
        let id = nextTask.wrappingAdd(1, ordering: .relaxed).oldValue
        tasks.withLock { $0[id] = task }
        return id
    }

    // MARK: dialling

    func dial(_ address: PeerAddress, offering: [ProtocolOffer]) async throws -> any SecureConnection {
        let expected: Libp2pPeerID?
        do { expected = try address.peerID.map { try Libp2pPeerID(bytes: $0.bytes) } } catch {
            throw NetworkError.dialFailed("\(address) has no valid libp2p peer id: \(error)")
        }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.milliseconds(Int64(config.handshakeTimeoutSeconds * 1000)))
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelOption(ChannelOptions.writeBufferWaterMark, value: Self.writeBufferWaterMark)
                .connect(host: address.host, port: Int(address.port)) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw NetworkError.dialFailed("TCP connect to \(address.host):\(address.port) failed: \(error)")
        }
        return try await withCheckedThrowingContinuation { continuation in
            start(channel, dialer: true, expected: expected, address: address) { continuation.resume(with: $0) }
        }
    }

    /// Runs one connection in a registered task; `delivered` is called exactly once, with the
    /// connection once it is usable or with why it failed.
    func start(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, dialer: Bool, expected: Libp2pPeerID?, address: PeerAddress,
               delivered: @escaping @Sendable (Result<Libp2pConnection, any Error>) -> Void) {
        let once = DeliverOnce(delivered)
        let slot = Mutex<Int?>(nil)
        let handle = TaskHandle()
        let task = Task { [self] in
            await run(channel, dialer: dialer, expected: expected, address: address, handle: handle, deliver: once)
            if let id = slot.withLock({ $0 }) { _ = tasks.withLock { $0.removeValue(forKey: id) } }
        }
        handle.set(task)
        let id = register(task)
        slot.withLock { $0 = id }
    }

    private func run(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, dialer: Bool, expected: Libp2pPeerID?, address: PeerAddress,
                     handle: TaskHandle, deliver: DeliverOnce) async {
        let raw = channel.channel
        let timedOut = Flag()
        var connection: Libp2pConnection?
        do {
            try await channel.executeThenClose { inbound, outbound in
                var source = ByteSource(inbound.makeAsyncIterator())
                let writer = SecureWriter(outbound: outbound)
                let deadline = Duration.milliseconds(Int64(config.handshakeTimeoutSeconds * 1000))
                let upgraded: UpgradedConnection
                do {
                    upgraded = try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { [clock] in
                            try await clock.sleep(for: deadline)
                            timedOut.set()
                            raw.close(promise: nil)
                        }
                        defer { group.cancelAll() }
                        return try await Libp2pUpgrade.run(dialer: dialer, source: &source, writer: writer, identity: identity,
                                                           expected: expected, muxers: config.muxers)
                    }
                } catch {
                    if timedOut.isSet { throw Libp2pTransportError.handshakeTimedOut(seconds: config.handshakeTimeoutSeconds) }
                    throw error
                }
                let yamux = upgraded.muxer == MuxerName.yamux
                    ? YamuxMux(isDialer: dialer, maximumInboundStreams: config.maxStreamsPerConnection, writer: writer) : nil
                let mplex = yamux == nil ? MplexMux(maximumInboundStreams: config.maxStreamsPerConnection, writer: writer) : nil
                let mux: any StreamMuxer = yamux ?? mplex!
                let remoteMultiaddr = Self.multiaddr(of: raw.remoteAddress)
                let established = Libp2pConnection(
                    upgraded: upgraded,
                    remoteAddress: PeerAddress(scheme: "multiaddr", peerID: PeerID(upgraded.remotePeer.bytes), host: address.host, port: address.port),
                    remoteMultiaddr: remoteMultiaddr, direction: dialer ? .outbound : .inbound, mux: mux, local: localInfo, lifetime: handle)
                connection = established
                let native = self.native, network = self.network
                try await withThrowingDiscardingTaskGroup { group in
                    if dialer {
                        group.addTask {
                            await established.openOfferedStreams()
                            deliver(.success(established))
                            await native.run(on: established)
                        }
                    } else {
                        deliver(.success(established))
                        group.addTask {
                            if let network, !(await network.acceptInbound(established)) { return }
                            await native.run(on: established)
                        }
                    }
                    if let yamux {
                        let decode = { (buffer: inout [UInt8], start: inout Int) in
                            try YamuxFrame.decode(buffer, from: &start, maximumData: YamuxMux.receiveWindow)
                        }
                        while let first = try await source.secure(indexed: decode) {
                            // Every frame already received goes to the mux in one call; a malformed one is
                            // reported after the frames before it are applied.
                            var frames = [first]
                            var malformed: (any Error)?
                            do {
                                while frames.count < Self.maximumFrameBatch, let next = try source.buffered(decode) { frames.append(next) }
                            } catch { malformed = error }
                            for stream in try await yamux.handle(frames) {
                                group.addTask { await established.serveInbound(stream) }
                            }
                            if let malformed { throw malformed }
                        }
                    } else if let mplex {
                        while let frame = try await source.secure({ try MplexFrame.decode(&$0) }) {
                            for stream in try await mplex.handle(frame) {
                                group.addTask { await established.serveInbound(stream) }
                            }
                        }
                    }
                    await mux.shutdown(protocolError: nil)
                    established.finish(DisconnectReason.tcpError.with(detail: "the peer closed the connection"))
                    group.cancelAll()
                }
            }
        } catch {
            let reason: DisconnectReason
            let penalty: PeerPenalty
            switch error {
            case let transportError as Libp2pTransportError:
                penalty = transportError.penalty
                reason = DisconnectReason.protocolBreach.with(detail: transportError.description)
            case let noise as NoiseError:
                penalty = .protocolViolation(noise.description)
                reason = (noise.isIdentityMismatch ? DisconnectReason.unexpectedIdentity : .protocolBreach).with(detail: noise.description)
            case is YamuxError, is MplexError, is MultistreamError, is Libp2pCodecError:
                penalty = .protocolViolation("\(error)")
                reason = DisconnectReason.protocolBreach.with(detail: "\(error)")
            default:
                penalty = .minor("\(error)")
                reason = DisconnectReason.tcpError.with(detail: "\(error)")
            }
            if let connection {
                await connection.mux.shutdown(protocolError: reason == .protocolBreach ? true : nil)
                if connection.finish(reason) {
                    logger.info("libp2p connection ended", metadata: ["peer": "\(connection.libp2pPeer)", "reason": "\(reason)"])
                    if !(error is CancellationError) && reason != .tcpError { await network?.penalize(connection.remotePeer, penalty) }
                }
            } else {
                logger.info("libp2p handshake failed", metadata: ["remote": "\(address)", "error": "\(error)"])
            }
            deliver(.failure(connection == nil ? NetworkError.dialFailed("\(error)") : error))
        }
        if let connection, connection.finish(DisconnectReason.tcpError.with(detail: "connection closed")) {
            await connection.mux.shutdown(protocolError: nil)
        }
        deliver(.failure(NetworkError.closed))
    }

    /// Bytes a connection may have handed to NIO and not yet written to the socket before writers wait.
    /// NIO's default (64 KiB) is one Noise frame, so every large write waited for the event loop to drain
    /// the last one; 512 KiB lets sealing the next message overlap writing the previous one.
    static let writeBufferWaterMark = ChannelOptions.Types.WriteBufferWaterMark(low: 256 * 1024, high: 512 * 1024)

    /// Yamux frames handed to the mux in one call at most.
    static let maximumFrameBatch = 64

    static func multiaddr(of address: SocketAddress?) -> Multiaddr? {
        guard let address, let ip = address.ipAddress, let port = address.port, let p = UInt16(exactly: port) else { return nil }
        let kind = ip.contains(":") ? "ip6" : "ip4"
        return try? Multiaddr(parsing: "/\(kind)/\(ip)/tcp/\(p)")
    }
}

/// The task running one connection, so the connection can cancel it when closed.
final class TaskHandle: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    func set(_ value: Task<Void, Never>) { task.withLock { $0 = value } }
    func cancel() { task.withLock { $0?.cancel() } }
}

/// A one-way flag shared between tasks.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}

/// Calls a result handler at most once.
final class DeliverOnce: Sendable {
    private let handler: Mutex<(@Sendable (Result<Libp2pConnection, any Error>) -> Void)?>
    init(_ handler: @escaping @Sendable (Result<Libp2pConnection, any Error>) -> Void) { self.handler = Mutex(handler) }
    func callAsFunction(_ result: Result<Libp2pConnection, any Error>) {
        let h = handler.withLock { h -> (@Sendable (Result<Libp2pConnection, any Error>) -> Void)? in defer { h = nil }; return h }
        h?(result)
    }
}

extension NoiseError {
    var isIdentityMismatch: Bool { if case .peerIDMismatch = self { return true } else { return false } }
}
