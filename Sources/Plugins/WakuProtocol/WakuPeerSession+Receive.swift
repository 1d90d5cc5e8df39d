import Kernel
import Primitives
import WakuCore

/// How a session treats incoming packets.
public struct WakuReceivePolicy: Sendable {
    /// Checks every received envelope.
    public var acceptance: EnvelopeAcceptance
    /// Whether to acknowledge every Messages packet with BatchAcknowledged (our confirmations option).
    public var confirmationsEnabled: Bool
    /// Unix time in seconds.
    public var now: @Sendable () -> UInt32
    /// Waits until the rate limiter's next window (the next whole second of `now`); a session that refused a
    /// peer's packet for its rate reads nothing more from that peer until then, so a flood costs this node
    /// at most one read per window beyond the budget (and the transport drops a peer that keeps queueing).
    /// `nil`: no wait (scripted tests).
    var untilNextWindow: (@Sendable () async throws -> Void)?

    public init(acceptance: EnvelopeAcceptance, confirmationsEnabled: Bool = false, now: @escaping @Sendable () -> UInt32) {
        self.acceptance = acceptance
        self.confirmationsEnabled = confirmationsEnabled
        self.now = now
    }

    /// Largest packet accepted: the max message size plus room for the list framing of a batch.
    var maxPacketSize: Int { acceptance.maxMessageSize + 1024 }
}

extension WakuPeerSession {
    /// Reads packets until the stream ends. Throws (ending the connection's waku stream) on a
    /// protocol violation after penalising the peer; rejected envelopes are answered with a
    /// MessageResponse and penalised without disconnecting.
    public func run(policy: WakuReceivePolicy, peers: WakuPeers) async throws {
        while let message = try await stream.receive() {
            guard message.payload.count <= policy.maxPacketSize else {
                throw await violation(.oversize(code: message.code, size: message.payload.count, limit: policy.maxPacketSize), peers)
            }
            guard let code = WakuPacketCode(rawValue: message.code) else { continue }  // unknown codes are ignored
            switch code {
            case .status: continue  // a repeated Status is ignored, as status-go does after the handshake
            case .messages:
                let refused = try await receiveMessages(message.payload, policy: policy, peers: peers)
                if refused, let untilNextWindow = policy.untilNextWindow {
                    try await untilNextWindow()  // over its rate: this peer is not read until its next window
                }
            case .statusUpdate:
                do { update(try StatusOptions(decoding: message.payload)) } catch {
                    throw await violation(.malformed(code: .statusUpdate, reason: error.description), peers)
                }
            case .messageResponse:
                do { await peers.emit(.messageResponse(try MessageResponse(decoding: message.payload), peer: peerID)) } catch {
                    await penalize(.minor(error.description), peers)
                }
            case .batchAcknowledged:
                guard let batch = try? BatchAcknowledged.decode(message.payload) else {
                    await penalize(.minor("malformed BatchAcknowledged"), peers)
                    continue
                }
                await peers.emit(.batchAcknowledged(batch: batch, peer: peerID))
            case .p2pRequest: await peers.emit(.p2pRequest(message.payload, peer: peerID))
            case .p2pRequestComplete:
                guard await peers.isTrusted(peerID) else { continue }
                guard let item = try? RLP.decode(message.payload), let bytes = try? item.asBytes() else {
                    throw await violation(.malformed(code: .p2pRequestComplete, reason: "expected rlp(bytes)"), peers)
                }
                await peers.emit(.requestComplete(bytes, peer: peerID))
            case .p2pMessage:
                guard await peers.isTrusted(peerID) else { continue }
                let envelopes: [Envelope]
                do { envelopes = try MessagesPacket.decode(message.payload, code: .p2pMessage) } catch { throw await violation(error, peers) }
                countReceived(envelopes.count)
                peers.ingress.recordReceived(envelopes.count)
                for envelope in envelopes where envelope.size <= policy.acceptance.maxMessageSize {
                    await peers.deliver(envelope, origin: .history(peer: peerID.bytes))
                }
            }
        }
    }

    /// Returns whether the packet was refused for the peer's rate.
    private func receiveMessages(_ payload: [UInt8], policy: WakuReceivePolicy, peers: WakuPeers) async throws -> Bool {
        let envelopes: [Envelope]
        do { envelopes = try MessagesPacket.decode(payload) } catch { throw await violation(error, peers) }
        countReceived(envelopes.count)
        peers.ingress.recordReceived(envelopes.count)
        let now = policy.now()
        var errors: [EnvelopeError] = []
        let decision = await peers.admit(envelopes.count, from: peerID, now: now)
        if case .refused(let firstInWindow) = decision {
            peers.ingress.recordRateLimited(envelopes.count)
            // Refused before any acceptance check or delivery. Only the first refusal in a peer's second is
            // answered and penalised: a flood costs this node no more than reading it.
            guard firstInWindow else {
                if policy.confirmationsEnabled {
                    try await send(code: .batchAcknowledged, payload: BatchAcknowledged.encode(batchHash: MessageResponse.batchHash(ofPayload: payload)))
                }
                return true
            }
            errors = envelopes.map { EnvelopeError(hash: $0.hash, code: WakuConstants.responseCodeOther, description: "rate limit exceeded") }
            await penalize(.minor("rate limit exceeded: \(envelopes.count) envelopes"), peers)
        } else {
            for envelope in envelopes {
                if let rejection = policy.acceptance.check(envelope, now: now) {
                    peers.ingress.recordRejected(rejection)
                    guard rejection.isPeerFault else { continue }
                    errors.append(EnvelopeError(hash: envelope.hash, rejection: rejection))
                    await penalize(.minor(rejection.description), peers)
                } else {
                    await peers.deliver(envelope, origin: .relay(peer: peerID.bytes))
                }
            }
        }
        // The batch hash (keccak of the whole packet) is only needed to answer: skip it otherwise.
        guard !errors.isEmpty || policy.confirmationsEnabled else { return decision != .admitted }
        let batch = MessageResponse.batchHash(ofPayload: payload)
        if !errors.isEmpty {
            try await send(code: .messageResponse, payload: MessageResponse(batchHash: batch, errors: errors).encoded())
        }
        if policy.confirmationsEnabled {
            try await send(code: .batchAcknowledged, payload: BatchAcknowledged.encode(batchHash: batch))
        }
        return decision != .admitted
    }

    func penalize(_ penalty: PeerPenalty, _ peers: WakuPeers) async {
        await peers.recordPenalty(penalty.reason, peer: peerID)
        await peer.penalize(penalty)
    }

    private func violation(_ error: WakuPacketError, _ peers: WakuPeers) async -> WakuPacketError {
        await penalize(.protocolViolation(error.description), peers)
        return error
    }
}
