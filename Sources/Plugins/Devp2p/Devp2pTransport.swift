import Kernel
import Logging
import NIOCore
import NIOPosix
import Primitives

/// Dials `enode://` addresses: TCP connect, RLPx handshake as initiator, Hello; returns the session.
struct Devp2pTransport: Transport {
    let config: Devp2pConfig
    let identity: NodeIdentity
    let network: PluginNetwork
    let logger: Logger
    let listener: Devp2pListener

    var name: String { "devp2p" }
    var schemes: Set<String> { ["enode"] }

    var advertisedHost: String {
        config.advertisedHost ?? (config.host == "0.0.0.0" || config.host == "::" ? "127.0.0.1" : config.host)
    }

    func listenAddresses() async -> [PeerAddress] {
        let port = UInt16(exactly: listener.localPort ?? Int(config.port)) ?? config.port
        return [PeerAddress(scheme: "enode", peerID: identity.peerID, host: advertisedHost, port: port)]
    }

    /// Session settings; `offers` defaults to the protocols registered right now (inbound sessions).
    func sessionConfig(role: RLPxSessionConfig.Role, remote: PeerAddress?, channel: any Channel,
                       offers: [ProtocolOffer]? = nil) -> RLPxSessionConfig {
        let remoteAddress = remote ?? PeerAddress(scheme: "enode", peerID: nil,
                                                  host: channel.remoteAddress?.ipAddress ?? "?",
                                                  port: UInt16(exactly: channel.remoteAddress?.port ?? 0) ?? 0)
        return RLPxSessionConfig(
            role: role, staticKey: identity.privateKey, clientID: config.clientID,
            listenPort: UInt16(exactly: listener.localPort ?? Int(config.port)) ?? config.port,
            offers: offers ?? network.currentProtocols, remoteAddress: remoteAddress,
            handshakeTimeout: .milliseconds(Int64(config.handshakeTimeoutSeconds * 1000)),
            pingInterval: .milliseconds(Int64(config.pingIntervalSeconds * 1000)),
            idleTimeout: .milliseconds(Int64(config.idleTimeoutSeconds * 1000)),
            maximumFrameSize: config.maxFrameBytes,
            receiveBudget: listener.receiveBudget,
            reportMisbehaviour: { [misbehaviour = listener.misbehaviour] peer, penalty in
                misbehaviour.push(Misbehaviour(peer: peer, penalty: penalty))
            })
    }

    func dial(_ address: PeerAddress, offering: [ProtocolOffer]) async throws -> any SecureConnection {
        guard let peerID = address.peerID, let remoteKey = try? PublicKey(bytes: peerID.bytes) else {
            throw NetworkError.dialFailed("enode address without a valid node id: \(address)")
        }
        let format: RLPxHandshakeFormat = config.legacyHandshake ? .legacy : .eip8
        let promiseBox = PromiseBox()
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(Int64(config.handshakeTimeoutSeconds * 1000)))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                let promise = channel.eventLoop.makePromise(of: Devp2pConnection.self)
                promiseBox.set(promise.futureResult)
                return channel.eventLoop.makeCompletedFuture {
                    let handler = try RLPxSessionHandler(
                        config: sessionConfig(role: .initiator(remote: remoteKey, format: format), remote: address,
                                              channel: channel, offers: offering),
                        established: promise, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: address.host, port: Int(address.port)).get()
        } catch {
            throw NetworkError.dialFailed("TCP connect to \(address.host):\(address.port) failed: \(error)")
        }
        guard let established = promiseBox.future else {
            channel.close(promise: nil)
            throw NetworkError.dialFailed("internal: session handler missing")
        }
        do {
            return try await established.get()
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }
}
