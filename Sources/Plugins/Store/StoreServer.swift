import Kernel
import Primitives
import WakuCore

/// Answers history requests (code 126) from the archive, as status-go's `WakuMailServer` does: decode
/// and check the request, send the page's envelopes on code 127 (batched up to the size limit), then a
/// completion on 125 with the cursor when more remain. Bad requests get an `ERROR=` completion and, when
/// the peer is at fault, a penalty.
public actor StoreServer {
    let archive: EnvelopeArchive
    let peers: any WakuPeerDirectory
    let penalties: any WakuPeerPenalties
    let key: SymKey
    let minimumPoW: Double
    let maxPacketBytes: Int
    let requestsPerSecond: Double
    let now: @Sendable () -> Double
    private var buckets: [PeerID: (tokens: Double, at: Double)] = [:]
    /// Requests answered with envelopes / refused.
    public private(set) var served = 0
    public private(set) var refused = 0

    /// - Parameter requestsPerSecond: per-peer request rate, with bursts of twice that (a client paging
    ///   through results sends requests back to back); 0 = unlimited.
    public init(archive: EnvelopeArchive, peers: any WakuPeerDirectory, penalties: any WakuPeerPenalties, key: SymKey, minimumPoW: Double, maxPacketBytes: Int,
                requestsPerSecond: Double, now: @escaping @Sendable () -> Double) {
        self.archive = archive
        self.peers = peers
        self.penalties = penalties
        self.key = key
        self.minimumPoW = minimumPoW
        self.maxPacketBytes = maxPacketBytes
        self.requestsPerSecond = requestsPerSecond
        self.now = now
    }

    /// Serves requests from the `waku` plugin's events until the stream ends.
    public func serve(_ events: AsyncStream<WakuPeerEvent>) async {
        for await event in events {
            guard case .p2pRequest(let packet, let peer) = event else { continue }
            await handle(packet, from: peer)
        }
    }

    /// Handles one code-126 packet from `peer`.
    public func handle(_ packet: [UInt8], from peer: PeerID) async {
        guard let session = await peers.link(to: peer) else { return }
        let time = now()
        if !admit(peer, at: time) {
            refused += 1
            await penalties.penalize(peer, .minor(StoreRequestError.rateLimited.description))
            if let request = try? MailserverRequest(decoding: packet, key: key, minimumPoW: 0) {
                try? await session.send(code: .p2pRequestComplete,
                                        payload: RequestCompletion.failed(requestID: request.id, message: StoreRequestError.rateLimited.description).payload)
            }
            return
        }
        let request: MailserverRequest
        do { request = try MailserverRequest(decoding: packet, key: key, minimumPoW: minimumPoW) } catch {
            refused += 1
            if error.isPeerFault { await penalties.penalize(peer, .minor(error.description)) }
            // A request envelope meant for us (it decrypted, or failed before decryption) gets an error
            // completion naming it; anything else has no id to answer to, and status-go drops it too.
            if error != .undecryptable, let envelope = try? Envelope(decoding: packet) {
                try? await session.send(code: .p2pRequestComplete,
                                        payload: RequestCompletion.failed(requestID: envelope.hash, message: error.description).payload)
            }
            return
        }
        let query = request.payload.query(now: UInt32(clamping: Int64(time)))
        let page: HistoryPage
        do {
            try query.validate()
            page = try await archive.page(query)
        } catch {
            refused += 1
            try? await session.send(code: .p2pRequestComplete,
                                    payload: RequestCompletion.failed(requestID: request.id, message: "\(error)").payload)
            return
        }
        do {
            for batch in batches(page.envelopes, oneEach: !request.payload.batch) {
                try await session.send(code: .p2pMessage, payload: Envelope.encodeList(batch))
            }
            let completion = RequestCompletion.done(requestID: request.id, lastEnvelope: page.envelopes.last?.hash, cursor: page.cursor)
            try await session.send(code: .p2pRequestComplete, payload: completion.payload)
            served += 1
        } catch {
            refused += 1  // the peer went away mid-answer
        }
    }

    /// Token bucket per peer: `requestsPerSecond` refill, `2 × requestsPerSecond` burst.
    private func admit(_ peer: PeerID, at time: Double) -> Bool {
        guard requestsPerSecond > 0 else { return true }
        let burst = max(1, 2 * requestsPerSecond)
        var bucket = buckets[peer] ?? (burst, time)
        bucket.tokens = min(burst, bucket.tokens + (time - bucket.at) * requestsPerSecond)
        bucket.at = time
        let admitted = bucket.tokens >= 1
        if admitted { bucket.tokens -= 1 }
        buckets[peer] = bucket
        return admitted
    }

    /// Splits envelopes into packets below the size limit (one per packet when the client asked so).
    func batches(_ envelopes: [Envelope], oneEach: Bool) -> [[Envelope]] {
        var result: [[Envelope]] = []
        var current: [Envelope] = []
        var size = 0
        for envelope in envelopes {
            let length = envelope.size + 16
            if !current.isEmpty && (oneEach || size + length > maxPacketBytes) {
                result.append(current)
                current = []
                size = 0
            }
            current.append(envelope)
            size += length
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
