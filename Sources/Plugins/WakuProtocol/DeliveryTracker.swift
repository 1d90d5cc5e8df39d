import Kernel
import WakuCore

/// What became of a posted envelope at one peer.
public enum DeliveryState: Sendable, Equatable {
    /// Sent; the peer has confirmations off, or has not answered yet.
    case sent
    /// The peer acknowledged the batch (BatchAcknowledged, or a MessageResponse without an error for it).
    case confirmed
    /// The peer refused it (MessageResponse error: PoW, expiry, time sync…).
    case rejected(String)
}

/// Per-peer delivery confirmations of the envelopes this node posts (the `send` plugin's half of
/// waku/1 confirmations): remembers which Messages batch carried which envelope to which peer, and
/// turns the peers' BatchAcknowledged / MessageResponse packets into `DeliveryState`s.
///
/// Remembers the newest `capacity` envelopes; older ones are forgotten.
public actor DeliveryTracker {
    private var states: [EnvelopeHash: [PeerID: DeliveryState]] = [:]
    private var batches: [[UInt8]: (envelope: EnvelopeHash, peer: PeerID)] = [:]
    private var order: [EnvelopeHash] = []
    /// Answers that overtook the `sent` record (a fast peer on loopback), applied when it arrives.
    private var early: [WakuPeerEvent] = []
    let capacity: Int

    public init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Records that `batch` carried `envelope` to `peer`.
    public func sent(_ envelope: EnvelopeHash, in batch: [UInt8], to peer: PeerID) {
        if states[envelope] == nil {
            order.append(envelope)
            if order.count > capacity { forget(order.removeFirst()) }
        }
        states[envelope, default: [:]][peer] = .sent
        batches[batch] = (envelope, peer)
        let pending = early
        early = []
        for event in pending { observe(event) }
    }

    /// The state of `envelope` at every peer it was sent to.
    public func states(of envelope: EnvelopeHash) -> [PeerID: DeliveryState] { states[envelope] ?? [:] }

    /// Applies one confirmation event.
    public func observe(_ event: WakuPeerEvent) {
        switch event {
        case .batchAcknowledged(let batch, let peer):
            guard let entry = batches[batch], entry.peer == peer else { return remember(event) }
            states[entry.envelope]?[peer] = .confirmed
        case .messageResponse(let response, let peer):
            guard let entry = batches[response.batchHash], entry.peer == peer else { return remember(event) }
            if let error = response.errors.first(where: { $0.hash == entry.envelope }) {
                states[entry.envelope]?[peer] = .rejected("\(error.description) (code \(error.code))")
            } else {
                states[entry.envelope]?[peer] = .confirmed
            }
        default: return
        }
    }

    /// Follows `events` until it ends.
    public func follow(_ events: AsyncStream<WakuPeerEvent>) async {
        for await event in events { observe(event) }
    }

    private func remember(_ event: WakuPeerEvent) {
        early.append(event)
        if early.count > 64 { early.removeFirst() }
    }

    private func forget(_ envelope: EnvelopeHash) {
        states[envelope] = nil
        batches = batches.filter { $0.value.envelope != envelope }
    }
}
