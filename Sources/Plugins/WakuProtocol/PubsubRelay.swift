import Foundation
import Primitives
import Kernel
import WakuCore

/// The relay's gossipsub side: Waku v1 envelopes (RLP, as in a Messages packet) published on one pubsub
/// topic with message id = envelope hash. Envelopes this node accepts (posted locally or from waku/1 peers)
/// are published; envelopes from the mesh are checked like waku/1 ones and handed to the node's sinks
/// (receive, store, and in bridge mode the flooding relay), with the forwarding pubsub peer as origin.
struct PubsubRelay: Sendable {
    let router: any PubsubRouter
    let topic: String
    let sinks: any WakuEnvelopeSinks
    let stats: RelayStats
    let clock: any NodeClock
    let acceptance: EnvelopeAcceptance

    func join() async -> AsyncStream<PubsubDelivery> {
        await router.join(topic, policy: WakuEnvelopePolicy(acceptance: acceptance, clock: clock))
    }

    func leave() async { await router.leave(topic) }

    /// Publishes an accepted envelope (a repeat of one the mesh already carried is dropped by the router's seen-cache).
    func publish(_ envelope: Envelope, origin: EnvelopeOrigin) async {
        if case .history = origin { return }
        let now = UInt32(clamping: Int64(clock.now().timeIntervalSince1970))
        guard envelope.expiry >= now else { return }
        let peers = await router.publish(topic, data: envelope.encoded())
        if peers > 0 { await stats.recordPublished(peers) }
    }

    /// Hands every envelope the mesh delivers (already validated by the policy) to the sinks.
    func deliver(_ deliveries: AsyncStream<PubsubDelivery>) async {
        for await delivery in deliveries {
            guard let envelope = try? Envelope(decoding: delivery.data) else { continue }
            await stats.recordPubsubDelivery()
            await sinks.deliver(envelope, origin: .relay(peer: delivery.propagationSource.bytes))
        }
    }
}

/// Waku envelopes on a pubsub topic: id = envelope hash (keccak256 of the RLP), valid = decodes and passes
/// the waku/1 acceptance checks (PoW, size, expiry and clock drift); an expired one is ignored, not blamed.
struct WakuEnvelopePolicy: PubsubTopicPolicy {
    let acceptance: EnvelopeAcceptance
    let clock: any NodeClock

    func messageID(of data: [UInt8]) -> [UInt8] { Keccak256.hash(data) }

    func validate(_ data: [UInt8]) async -> PubsubValidation {
        guard data.count <= acceptance.maxMessageSize + 64 else { return .reject("envelope of \(data.count) bytes is too large") }
        let envelope: Envelope
        do { envelope = try Envelope(decoding: data) } catch { return .reject("not a Waku envelope: \(error)") }
        let now = UInt32(clamping: Int64(clock.now().timeIntervalSince1970))
        guard let rejection = acceptance.check(envelope, now: now) else { return .accept }
        return rejection.isPeerFault ? .reject(rejection.description) : .ignore
    }
}

/// Why the `relay` plugin could not start.
public enum RelayStartError: Error, CustomStringConvertible {
    case noPubsub(RelayConfig.Mode)

    public var description: String {
        switch self {
        case .noPubsub(let mode):
            return "relay mode '\(mode.rawValue)' needs a pubsub router: enable the `gossipsub` plugin (and `libp2p`) in the profile"
        }
    }
}
