import Foundation
import Kernel
import Libp2pCore

extension GossipsubRouter {
    /// One RPC body from `id` (undecoded): a malformed one costs the peer a behaviour penalty. Tells the reader
    /// to pause this peer for a heartbeat when it is graylisted (its RPC was dropped before a decode), or until
    /// its read-rate bucket refills when it sends more messages than `maxMessagesPerSecondPerPeer`.
    @discardableResult
    public func receive(_ body: [UInt8], from id: PeerID) async -> GossipsubReadVerdict {
        guard peers[id] != nil else { return .keepReading }
        let now = clock.now()
        // A graylisted peer's RPCs are dropped before they cost a decode.
        guard score.score(id, now: now) >= parameters.score.graylistThreshold else {
            stats.count(\.graylistedRPCs)
            return .pause(parameters.heartbeatInterval)
        }
        let rpc: PubsubRPC
        do { rpc = try PubsubRPC(decoding: body) } catch {
            stats.count(\.malformedRPCs)
            score.penalize(id)
            await report(id, .minor("gossipsub: malformed RPC: \(error)"))
            return .keepReading
        }
        await handle(rpc, from: id)
        return readRateVerdict(id, messages: rpc.publish.count, now: now)
    }

    private func readRateVerdict(_ id: PeerID, messages: Int, now: Date) -> GossipsubReadVerdict {
        let limit = parameters.maxMessagesPerSecondPerPeer
        guard limit > 0, messages > 0, peers[id] != nil else { return .keepReading }
        var bucket = peers[id]?.readRate ?? GossipsubReadRate(perSecond: limit, now: now)
        let wait = bucket.take(messages, now: now)
        peers[id]?.readRate = bucket
        guard let wait else { return .keepReading }
        stats.count(\.readPauses)
        return .pause(wait)
    }

    /// Applies one decoded RPC from `id`. A graylisted peer's RPCs are ignored entirely.
    func handle(_ rpc: PubsubRPC, from id: PeerID) async {
        guard peers[id] != nil else { return }
        let now = clock.now()
        let peerScore = score.score(id, now: now)
        guard peerScore >= parameters.score.graylistThreshold else {
            stats.count(\.graylistedRPCs)
            return
        }
        for sub in rpc.subscriptions {
            if sub.subscribe {
                peers[id]?.topics.insert(sub.topic)
            } else {
                peers[id]?.topics.remove(sub.topic)
                if mesh[sub.topic]?.remove(id) != nil { score.pruned(id, sub.topic) }
                fanout[sub.topic]?.remove(id)
            }
        }
        for message in rpc.publish { await accept(message, from: id) }
        guard let control = rpc.control else { return }
        var reply = PubsubRPC.Control()
        var iwantIDs: [[UInt8]] = []
        if peerScore >= parameters.score.gossipThreshold {
            for ihave in control.ihave { iwantIDs += answer(ihave, from: id) }
        }
        if !iwantIDs.isEmpty {
            reply.iwant = [.init(messageIDs: iwantIDs)]
            stats.count(\.iwantSent)
        }
        var messages: [PubsubRPC.Message] = []
        if peerScore >= parameters.score.gossipThreshold {
            for iwant in control.iwant { messages += serve(iwant, to: id) }
        }
        for graft in control.graft {
            if let prune = await accept(graft, from: id, now: now) { reply.prune.append(prune) }
        }
        for prune in control.prune { await accept(prune, from: id, now: now) }
        if !reply.isEmpty || !messages.isEmpty {
            await send(PubsubRPC(publish: messages, control: reply.isEmpty ? nil : reply), to: id)
        }
    }

    // MARK: messages

    func accept(_ message: PubsubRPC.Message, from id: PeerID) async {
        let now = clock.now()
        let policy = joined[message.topic]?.policy ?? defaultPolicy
        let messageID = policy.messageID(of: message.data)
        promises[messageID] = nil
        guard message.isUnsigned || policy.signaturePolicy == .laxNoSign else {
            // StrictNoSign: author fields are forbidden, the message is invalid (P4) and not forwarded.
            stats.count(\.strictNoSignViolations)
            stats.count(\.rejected)
            score.invalid(id, message.topic)
            return
        }
        guard seen.firstSighting(messageID, now: now) else {
            stats.count(\.duplicates)
            score.delivered(id, message.topic, first: false)
            return
        }
        guard let entry = joined[message.topic] else { return }   // not subscribed: neither delivered nor forwarded
        switch await entry.policy.validate(message.data) {
        case .reject(let why):
            stats.count(\.rejected)
            score.invalid(id, message.topic)
            await report(id, .minor("gossipsub: invalid message on \(message.topic): \(why)"))
            return
        case .ignore:
            stats.count(\.ignored)
            return
        case .accept:
            break
        }
        score.delivered(id, message.topic, first: true)
        mcache.put(messageID, message)
        stats.count(\.delivered)
        joined[message.topic]?.continuation.yield(PubsubDelivery(topic: message.topic, data: message.data, messageID: messageID,
                                                                   propagationSource: id))
        await forward(message, from: id)
    }

    /// Forwards a valid message to the topic's mesh (and floodsub) peers, never back to its source.
    func forward(_ message: PubsubRPC.Message, from source: PeerID) async {
        var targets = mesh[message.topic] ?? []
        for (id, peer) in peers where peer.proto == .floodsub && peer.topics.contains(message.topic) { targets.insert(id) }
        targets.remove(source)
        guard !targets.isEmpty else { return }
        let rpc = PubsubRPC(publish: [message]).bytes
        for target in targets where await send(encoded: rpc, to: target) { stats.count(\.forwarded) }
    }

    // MARK: gossip

    /// The ids of an IHAVE this node has not seen (within the per-heartbeat IHAVE limits), promised by `id`.
    func answer(_ ihave: PubsubRPC.IHave, from id: PeerID) -> [[UInt8]] {
        guard joined[ihave.topic] != nil, var peer = peers[id] else { return [] }
        peer.ihavesThisBeat += 1
        defer { peers[id] = peer }
        guard peer.ihavesThisBeat <= parameters.maxIHaveMessages, peer.iwantedThisBeat < parameters.maxIHaveLength else { return [] }
        let now = clock.now()
        var wanted: [[UInt8]] = []
        for messageID in ihave.messageIDs where !seen.contains(messageID, now: now) && promises[messageID] == nil {
            guard peer.iwantedThisBeat < parameters.maxIHaveLength else { break }
            peer.iwantedThisBeat += 1
            wanted.append(messageID)
            promises[messageID] = (id, now.addingTimeInterval(parameters.iwantFollowupSeconds))
        }
        return wanted
    }

    /// Messages of an IWANT from the cache; each id is served to a peer at most `gossipRetransmission` times.
    func serve(_ iwant: PubsubRPC.IWant, to id: PeerID) -> [PubsubRPC.Message] {
        guard var peer = peers[id] else { return [] }
        defer { peers[id] = peer }
        var out: [PubsubRPC.Message] = []
        for messageID in iwant.messageIDs {
            guard let message = mcache.get(messageID) else { continue }
            let times = peer.served[messageID, default: 0] + 1
            peer.served[messageID] = times
            guard times <= parameters.gossipRetransmission else {
                stats.count(\.iwantIgnored)
                continue
            }
            out.append(message)
            stats.count(\.iwantServed)
        }
        if out.isEmpty && iwant.messageIDs.count > parameters.maxIHaveLength { score.penalize(id) }  // an IWANT flood
        return out
    }

    // MARK: mesh changes

    /// A GRAFT: joins the peer to the mesh, or answers with a PRUNE (not joined, backoff, negative score, full).
    func accept(_ graft: PubsubRPC.Graft, from id: PeerID, now: Date) async -> PubsubRPC.Prune? {
        guard let peer = peers[id] else { return nil }
        let backoffSeconds = UInt64(parameters.pruneBackoffSeconds)
        guard joined[graft.topic] != nil else {
            stats.count(\.graftsRefused)
            return PubsubRPC.Prune(topic: graft.topic, backoff: peer.proto.supportsBackoff ? backoffSeconds : nil)
        }
        if mesh[graft.topic]?.contains(id) == true { return nil }
        if let until = backoff[graft.topic]?[id], until > now {
            // GRAFT during backoff: P7, twice when it follows the PRUNE closely; the backoff starts over.
            stats.count(\.graftsDuringBackoff)
            let flood = until.timeIntervalSince(now) > parameters.pruneBackoffSeconds - parameters.graftFloodThresholdSeconds
            score.penalize(id, flood ? 2 : 1)
            backoff[graft.topic]?[id] = now.addingTimeInterval(parameters.pruneBackoffSeconds)
            stats.count(\.graftsRefused)
            return PubsubRPC.Prune(topic: graft.topic, backoff: backoffSeconds)
        }
        let full = (mesh[graft.topic]?.count ?? 0) >= parameters.dHigh && !peer.outbound
        let negative = score.score(id, now: now) < 0
        if negative || full {
            backoff[graft.topic, default: [:]][id] = now.addingTimeInterval(parameters.pruneBackoffSeconds)
            stats.count(\.graftsRefused)
            var prune = PubsubRPC.Prune(topic: graft.topic, backoff: peer.proto.supportsBackoff ? backoffSeconds : nil)
            // A full mesh points a well-behaved peer elsewhere; a negative-scoring one gets no PX.
            if !negative && peer.proto.supportsBackoff { prune.peers = exchangeOffer(graft.topic, for: id) }
            return prune
        }
        mesh[graft.topic, default: []].insert(id)
        score.grafted(id, graft.topic, now: now)
        return nil
    }

    /// A PRUNE: leaves the peer's mesh and honours its backoff (or ours when it gives none).
    func accept(_ prune: PubsubRPC.Prune, from id: PeerID, now: Date) async {
        stats.count(\.prunesReceived)
        if mesh[prune.topic]?.remove(id) != nil { score.pruned(id, prune.topic) }
        let seconds = prune.backoff.map { Double(min($0, 24 * 3600)) } ?? parameters.pruneBackoffSeconds
        backoff[prune.topic, default: [:]][id] = now.addingTimeInterval(seconds)
        if !prune.peers.isEmpty { await acceptExchange(prune.peers, from: id, now: now) }
    }
}

extension GossipsubRouter {
    /// The peer's stream broke its framing (e.g. an oversize RPC): P7 and a report to the peer book.
    func framingFailed(_ id: PeerID, error: String) async {
        stats.count(\.malformedRPCs)
        score.penalize(id, 2)
        await report(id, .minor("gossipsub: \(error)"))
    }
}
