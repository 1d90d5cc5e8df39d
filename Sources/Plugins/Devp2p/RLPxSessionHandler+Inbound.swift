import Kernel
import NIOCore
import Primitives

extension RLPxSessionHandler {
    /// Consumes as much of the buffer as forms complete handshake packets or frames.
    func process(context: ChannelHandlerContext) throws {
        while true {
            switch state {
            case .awaitingAuth(let recipient):
                guard let packet = try takeHandshakePacket(legacySize: RLPxPacket.legacyAuthSize, key: config.staticKey) else { return }
                let auth = try recipient.readAuth(packet: packet.bytes, format: packet.format, legacyBody: packet.legacyBody)
                let ack = try recipient.makeAck(for: auth)
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: ack)), promise: nil)
                let secrets = try recipient.secrets(for: auth, ackPacket: ack)
                try enterHelloPhase(context: context, secrets: secrets)
            case .awaitingAck(let initiator):
                guard let packet = try takeHandshakePacket(legacySize: RLPxPacket.legacyAckSize, key: config.staticKey) else { return }
                let secrets = try initiator.secrets(fromAck: packet.bytes, format: packet.format, legacyBody: packet.legacyBody)
                try enterHelloPhase(context: context, secrets: secrets)
            case .awaitingHello(var codec, let remote):
                guard let frame = try takeFrame(&codec) else {
                    state = .awaitingHello(codec, remote: remote)
                    return
                }
                state = .awaitingHello(codec, remote: remote)
                try handleHelloPhaseFrame(context: context, frame, remote: remote)
            case .active(var codec, let connection):
                guard let frame = try takeFrame(&codec) else {
                    state = .active(codec, connection)
                    return
                }
                state = .active(codec, connection)
                try handleFrame(context: context, frame, connection: connection)
            case .draining, .closed:
                buffer.moveReaderIndex(to: buffer.writerIndex)
                return
            }
        }
    }

    /// Extracts one complete handshake packet, detecting legacy vs EIP-8 like geth.
    private func takeHandshakePacket(legacySize: Int, key: PrivateKey) throws -> (bytes: [UInt8], format: RLPxHandshakeFormat, legacyBody: [UInt8]?)? {
        if handshakeClassification == nil {
            guard buffer.readableBytes >= legacySize else {
                // An EIP-8 packet announces its size up front; refuse absurd sizes without waiting.
                if buffer.readableBytes >= 2, let head = buffer.getBytes(at: buffer.readerIndex, length: 2) {
                    let size = Int(head[0]) << 8 | Int(head[1])
                    if size + 2 > RLPxPacket.maximumSize { throw RLPxHandshakeError.oversized(size + 2) }
                }
                return nil
            }
            let head = buffer.getBytes(at: buffer.readerIndex, length: legacySize) ?? []
            handshakeClassification = try RLPxPacket.classify(head: head, legacySize: legacySize, key: key)
        }
        guard let classification = handshakeClassification, buffer.readableBytes >= classification.totalSize,
              let bytes = buffer.readBytes(length: classification.totalSize) else { return nil }
        handshakeClassification = nil
        return (bytes, classification.format, classification.legacyBody)
    }

    private func enterHelloPhase(context: ChannelHandlerContext, secrets: RLPxSecrets) throws {
        if case .initiator(let expected, _) = config.role, expected != secrets.remoteID {
            throw RLPxHandshakeError.identityMismatch
        }
        config.handshakeProgressed()
        var codec = try RLPxFrameCodec(secrets: secrets, maximumIncomingFrame: config.maximumFrameSize)
        let hello = HelloMessage(version: HelloMessage.protocolVersion, clientID: config.clientID,
                                 capabilities: config.offers.map { CapabilityAnnouncement(name: $0.id.name, version: $0.id.version) },
                                 listenPort: UInt64(config.listenPort), nodeID: config.staticKey.publicKey.raw64)
        let frame = try codec.seal(Self.frameData(code: BaseMessage.hello, payload: hello.encoded, snappy: false))
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: frame)), promise: nil)
        state = .awaitingHello(codec, remote: secrets.remoteID)
    }

    /// Returns one decrypted frame (rlp(msg-id) ‖ msg-data) when complete. The size in the header is
    /// checked against the phase's limit and the global budget before any of the body is awaited.
    private func takeFrame(_ codec: inout RLPxFrameCodec) throws -> [UInt8]? {
        if pendingFrame == nil {
            guard buffer.readableBytes >= RLPxFrameCodec.headerSize,
                  let header = buffer.readBytes(length: RLPxFrameCodec.headerSize) else { return nil }
            let opened: (frameSize: Int, bodyLength: Int)
            do {
                opened = try codec.openHeader(header)
            } catch RLPxFrameError.frameTooLarge(let size) {
                throw Devp2pError.frameTooLarge(size: size, limit: frameLimit)
            }
            try admitFrame(size: opened.frameSize, bodyLength: opened.bodyLength)
            pendingFrame = opened
        }
        guard let pending = pendingFrame, buffer.readableBytes >= pending.bodyLength,
              let body = buffer.readBytes(length: pending.bodyLength) else { return nil }
        pendingFrame = nil
        releaseFrame()
        return try codec.openBody(body, frameSize: pending.frameSize)
    }

    /// Splits frame data into the RLP message id and the payload.
    func splitFrame(_ frame: [UInt8]) throws -> (code: UInt64, payload: [UInt8]) {
        do {
            let (item, consumed) = try RLP.decodePrefix(frame)
            return (try item.asUInt64(), Array(frame[consumed...]))
        } catch {
            throw Devp2pError.protocolBreach("frame does not start with an RLP message id: \(error)")
        }
    }

    private func handleHelloPhaseFrame(context: ChannelHandlerContext, _ frame: [UInt8], remote: PublicKey) throws {
        let (code, payload) = try splitFrame(frame)
        switch code {
        case BaseMessage.hello:
            guard payload.count <= BaseMessage.helloMaximumSize else { throw Devp2pError.messageTooLarge(payload.count) }
            let hello = try HelloMessage.decode(payload)
            guard hello.nodeID.count == 64, let helloKey = try? PublicKey(bytes: hello.nodeID) else { throw Devp2pError.nullIdentity }
            // Like geth: from here on (including a Disconnect refusing this Hello) snappy applies iff
            // the remote's Hello says version >= 5.
            remoteSnappy = hello.version >= 5
            guard helloKey == remote else { throw Devp2pError.unexpectedIdentity }
            let table = CapabilityTable(local: config.offers, remote: hello.capabilities)
            if !config.offers.isEmpty && table.entries.isEmpty { throw Devp2pError.uselessPeer }
            let direction: ConnectionDirection = if case .initiator = config.role { .outbound } else { .inbound }
            let connection = Devp2pConnection(
                remotePeer: PeerID(publicKey: remote), remoteAddress: remoteAddress(context: context, hello: hello, key: remote),
                direction: direction, table: table, channel: context.channel, clientID: hello.clientID,
                inboxAccount: Devp2pInboxAccount(
                    limit: Devp2pConnection.inboxByteLimit(largestMessage: RLPxFrameLimits.largestMessage(table: table, maximumFrame: config.maximumFrameSize)),
                    budget: config.receiveBudget))
            if case .awaitingHello(let codec, _) = state { state = .active(codec, connection) }
            frameLimit = RLPxFrameLimits.active(table: table, snappy: remoteSnappy, maximumFrame: config.maximumFrameSize)
            handshakeTimer?.cancel()
            startKeepAlive(context: context)
            resolve(.success(connection))
        case BaseMessage.disconnect:
            throw Devp2pError.remoteDisconnected(DisconnectMessage.decode(payload))
        default:
            throw Devp2pError.protocolBreach("expected Hello, got message \(code)")
        }
    }

    private func remoteAddress(context: ChannelHandlerContext, hello: HelloMessage, key: PublicKey) -> PeerAddress {
        if case .initiator = config.role { return config.remoteAddress }
        let host = context.channel.remoteAddress?.ipAddress ?? config.remoteAddress.host
        let port = UInt16(exactly: hello.listenPort) ?? 0
        return PeerAddress(scheme: "enode", peerID: PeerID(publicKey: key), host: host, port: port)
    }

    private func handleFrame(context: ChannelHandlerContext, _ frame: [UInt8], connection: Devp2pConnection) throws {
        lastMessage = .now()
        let (code, compressed) = try splitFrame(frame)
        let limit = RLPxFrameLimits.payloadLimit(code: code, table: connection.table, maximumFrame: config.maximumFrameSize)
        let payload: [UInt8]
        if remoteSnappy {
            do {
                payload = try Snappy.decompress(compressed, maxLength: limit)
            } catch SnappyError.tooLarge(let claimed, _) {
                throw Devp2pError.messageTooLarge(claimed)
            } catch {
                throw Devp2pError.protocolBreach("bad snappy payload: \(error)")
            }
        } else {
            payload = compressed
        }
        guard payload.count <= limit else { throw Devp2pError.messageTooLarge(payload.count) }
        switch code {
        case BaseMessage.ping:
            let pong = try currentCodecSeal(Self.frameData(code: BaseMessage.pong, payload: [0xc0], snappy: remoteSnappy))
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: pong)), promise: nil)
        case BaseMessage.pong:
            break
        case BaseMessage.disconnect:
            let reason = DisconnectMessage.decode(payload)
            closeReason = reason
            context.close(promise: nil)
        case BaseMessage.hello:
            throw Devp2pError.protocolBreach("second Hello")
        case 0x04..<BaseMessage.firstCapabilityCode:
            break   // reserved base-protocol codes: ignore
        default:
            guard let (entry, relative) = connection.table.lookup(wireCode: code), let inbox = connection.inboxes[entry.id] else {
                throw Devp2pError.protocolBreach("message code \(code) belongs to no shared capability")
            }
            do {
                try connection.inboxAccount.admit(payload.count)
            } catch .connectionLimit(let queued, let limit) {
                throw Devp2pError.protocolBreach("\(entry.id) messages arrive faster than they are processed "
                    + "(\(queued) bytes queued, limit \(limit))")
            } catch .budgetExhausted(let limit) {
                throw Devp2pError.receiveBudgetExhausted(needed: payload.count, limit: limit)
            }
            guard inbox.push(FramedMessage(code: relative, payload: payload)) else {
                connection.inboxAccount.release(payload.count)
                if inbox.isFinished { return }
                throw Devp2pError.protocolBreach("\(entry.id) messages arrive faster than they are processed")
            }
        }
    }

    private func currentCodecSeal(_ frameData: [UInt8]) throws -> [UInt8] {
        guard case .active(var codec, let connection) = state else { throw Devp2pError.protocolBreach("not active") }
        let sealed = try codec.seal(frameData)
        state = .active(codec, connection)
        return sealed
    }

    /// Pings every `pingInterval`; a peer that completed no frame for `idleTimeout` is disconnected
    /// (ping timeout, a minor penalty). Judged on complete frames, not bytes: a live peer answers each
    /// Ping with a Pong, while a slowloris dripping a byte now and then never completes one.
    private func startKeepAlive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        lastMessage = .now()
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        pingTask = context.eventLoop.scheduleRepeatedTask(initialDelay: config.pingInterval, delay: config.pingInterval) { _ in
            handler.value.keepAliveTick(context: loopBound.value)
        }
    }

    /// One keep-alive turn: disconnect an idle peer, otherwise send a Ping.
    private func keepAliveTick(context: ChannelHandlerContext) {
        if NIODeadline.now() - lastMessage > config.idleTimeout {
            fail(context: context, .pingTimeout)
            return
        }
        if let ping = try? currentCodecSeal(Self.frameData(code: BaseMessage.ping, payload: [0xc0], snappy: remoteSnappy)) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: ping)), promise: nil)
        }
    }
}
