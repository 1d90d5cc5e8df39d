import Kernel
import Logging
import NIOCore
import Primitives

/// Runs one RLPx session on a NIO channel: handshake (either role, both formats), Hello and
/// capability negotiation, frame encryption, snappy, Ping/Pong keep-alive, Disconnect — and hands
/// capability messages to the `Devp2pConnection`'s stream inboxes.
///
/// Everything happens on the channel's event loop; the only outputs are the `established` promise
/// (success once Hello is accepted) and the connection's inboxes. Any violation closes the channel
/// with a reason, reported through `onFailure` so the plugin can penalise the peer.
final class RLPxSessionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Devp2pOutbound
    typealias OutboundOut = ByteBuffer

    enum State {
        case awaitingAck(RLPxInitiator)
        case awaitingAuth(RLPxRecipient)
        case awaitingHello(RLPxFrameCodec, remote: PublicKey)
        case active(RLPxFrameCodec, Devp2pConnection)
        /// A Disconnect went out and our side of the socket is shut; input is discarded until the
        /// remote closes or `disconnectLinger` passes.
        case draining
        case closed
    }

    /// How long a session that sent Disconnect keeps reading (and discarding) before closing. Closing
    /// at once with the remote's next frames still arriving makes the kernel answer them with RST, and
    /// stacks such as Python's asyncio then drop the Disconnect still in their receive buffer — the
    /// remote never learns why (e.g. "too many peers") and treats it as a network error.
    static let disconnectLinger: TimeAmount = .seconds(2)

    let config: RLPxSessionConfig
    let established: EventLoopPromise<Devp2pConnection>
    let logger: Logger
    var state: State
    var buffer = ByteBuffer()
    var handshakeClassification: (format: RLPxHandshakeFormat, totalSize: Int, legacyBody: [UInt8]?)?
    var pendingFrame: (frameSize: Int, bodyLength: Int)?
    /// Largest frame accepted in the current phase (`RLPxFrameLimits`), checked from each header.
    var frameLimit: Int
    /// Bytes of `config.receiveBudget` held for the pending frame's body.
    var reservedBody = 0
    var remoteSnappy = false
    var closeReason: DisconnectReason?
    var handshakeTimer: Scheduled<Void>?
    var pingTask: RepeatedTask?
    var lingerTimer: Scheduled<Void>?
    var lastReceived = NIODeadline.now()
    /// When the last complete frame arrived: liveness (slowloris) is judged on messages, not bytes.
    var lastMessage = NIODeadline.now()
    var resolved = false

    init(config: RLPxSessionConfig, established: EventLoopPromise<Devp2pConnection>, logger: Logger) throws {
        self.config = config
        self.established = established
        self.logger = logger
        frameLimit = RLPxFrameLimits.helloPhase(maximumFrame: config.maximumFrameSize)
        switch config.role {
        case .initiator(let remote, let format):
            state = .awaitingAck(RLPxInitiator(staticKey: config.staticKey, remote: remote, format: format))
        case .recipient:
            state = .awaitingAuth(RLPxRecipient(staticKey: config.staticKey))
        }
    }

    // MARK: Channel events

    func channelActive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        handshakeTimer = context.eventLoop.scheduleTask(in: config.handshakeTimeout) {
            if case .active = handler.value.state { return }
            handler.value.fail(context: loopBound.value, .handshakeTimeout)
        }
        if case .awaitingAck(var initiator) = state {
            do {
                let auth = try initiator.makeAuth()
                state = .awaitingAck(initiator)
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: auth)), promise: nil)
            } catch {
                fail(context: context, .protocolBreach("cannot build auth: \(error)"))
            }
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        lastReceived = .now()
        do {
            try process(context: context)
            try boundBuffer()
        } catch let error as Devp2pError {
            fail(context: context, error)
        } catch {
            fail(context: context, .protocolBreach("\(error)"))
        }
    }

    /// The remote's identity once the handshake proved it.
    var authenticatedPeer: PeerID? {
        switch state {
        case .awaitingHello(_, let remote): return PeerID(publicKey: remote)
        case .active(_, let connection): return connection.remotePeer
        default: return nil
        }
    }

    /// Completes `established` exactly once (a session can fail before it is even active).
    func resolve(_ result: Result<Devp2pConnection, any Error>) {
        guard !resolved else { return }
        resolved = true
        established.completeWith(result)
    }

    /// Also runs when a dial never connected: the promise must not leak.
    func handlerRemoved(context: ChannelHandlerContext) {
        finish(closeReason ?? DisconnectReason.tcpError.with(detail: "connection closed"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason = closeReason ?? DisconnectReason.tcpError.with(detail: "connection closed")
        finish(reason)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, .protocolBreach("socket error: \(error)"), sendDisconnect: false)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .active(var codec, _) = state else {
            promise?.fail(NetworkError.closed)
            return
        }
        do {
            switch unwrapOutboundIn(data) {
            case .message(let code, let payload):
                let frame = try codec.seal(Self.frameData(code: code, payload: payload, snappy: remoteSnappy))
                stateCodec(codec)
                context.write(wrapOutboundOut(ByteBuffer(bytes: frame)), promise: promise)
            case .disconnect(let reason):
                closeReason = closeReason ?? reason
                disconnect(context: context, reason, flushed: promise)
            }
        } catch {
            promise?.fail(error)
        }
    }

    /// Stores the advanced codec back into the active state.
    private func stateCodec(_ codec: RLPxFrameCodec) {
        if case .active(_, let connection) = state { state = .active(codec, connection) }
    }

    static func frameData(code: UInt64, payload: [UInt8], snappy: Bool) -> [UInt8] {
        RLP.encode(.uint(code)) + (snappy ? Snappy.compress(payload) : payload)
    }

    // MARK: Ending

    /// Ends the session because of `error`. Once frame keys exist (Hello phase or active) the remote
    /// is told why with a Disconnect — as geth does, also when the Hellos did not agree (useless peer,
    /// identity) — unless it disconnected itself or the socket already failed.
    func fail(context: ChannelHandlerContext, _ error: Devp2pError, sendDisconnect: Bool = true) {
        guard closeReason == nil else { return }
        let reason = error.disconnectReason
        closeReason = reason
        logger.info("devp2p session ended", metadata: ["remote": "\(config.remoteAddress)", "reason": "\(error)"])
        if let peer = authenticatedPeer, let penalty = error.penalty {
            config.reportMisbehaviour(peer, penalty)
        }
        resolve(.failure(error))
        if case .remoteDisconnected = error {
            context.close(promise: nil)
        } else if sendDisconnect {
            disconnect(context: context, reason, flushed: nil)
        } else {
            context.close(promise: nil)
        }
    }

    /// Sends Disconnect(`reason`) if the session has frame keys, then closes gracefully: our side is
    /// shut after the Disconnect (FIN), input is discarded until the remote closes, and the socket is
    /// closed outright after `disconnectLinger`. Without frame keys it just closes. `flushed`
    /// completes once the Disconnect is on the wire (or could not be sent).
    func disconnect(context: ChannelHandlerContext, _ reason: DisconnectReason, flushed: EventLoopPromise<Void>?) {
        var codec: RLPxFrameCodec
        switch state {
        case .awaitingHello(let current, _), .active(let current, _): codec = current
        default:
            flushed?.fail(NetworkError.closed)
            context.close(promise: nil)
            return
        }
        guard let frame = try? codec.seal(Self.frameData(code: BaseMessage.disconnect,
                                                         payload: DisconnectMessage.encode(reason), snappy: remoteSnappy)) else {
            flushed?.fail(NetworkError.closed)
            context.close(promise: nil)
            return
        }
        if case .active(_, let connection) = state { connection.finish(reason) }
        state = .draining
        releaseReceiveBuffer()
        pingTask?.cancel()
        handshakeTimer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame))).whenComplete { result in
            if case .failure(let error) = result { flushed?.fail(error) } else { flushed?.succeed(()) }
            // Half-close; where the channel cannot (or the write failed) close outright.
            loopBound.value.close(mode: .output).whenFailure { _ in loopBound.value.close(promise: nil) }
        }
        lingerTimer = context.eventLoop.scheduleTask(in: Self.disconnectLinger) {
            loopBound.value.close(promise: nil)
        }
    }

    func finish(_ reason: DisconnectReason) {
        releaseReceiveBuffer()
        handshakeTimer?.cancel()
        pingTask?.cancel()
        lingerTimer?.cancel()
        if case .active(_, let connection) = state { connection.finish(reason) }
        resolve(.failure(Devp2pError.remoteDisconnected(reason)))
        state = .closed
    }
}
