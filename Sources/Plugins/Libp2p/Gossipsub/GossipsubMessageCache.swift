import Foundation
import Libp2pCore

/// The gossipsub message cache (`mcache`): the messages of the last `historyLength` heartbeats, served on
/// IWANT, and the ids of the last `historyGossip` heartbeats, advertised in IHAVE.
struct GossipsubMessageCache {
    private var messages: [[UInt8]: PubsubRPC.Message] = [:]
    private var windows: [[(id: [UInt8], topic: String)]]
    let historyGossip: Int

    init(historyLength: Int, historyGossip: Int) {
        windows = Array(repeating: [], count: max(1, historyLength))
        self.historyGossip = historyGossip
    }

    mutating func put(_ id: [UInt8], _ message: PubsubRPC.Message) {
        guard messages[id] == nil else { return }
        messages[id] = message
        windows[0].append((id, message.topic))
    }

    func get(_ id: [UInt8]) -> PubsubRPC.Message? { messages[id] }

    /// Ids of `topic` in the gossip windows, newest first.
    func gossipIDs(_ topic: String) -> [[UInt8]] {
        windows.prefix(historyGossip).flatMap { $0.filter { $0.topic == topic }.map(\.id) }
    }

    /// Starts a new window and forgets the oldest one's messages.
    mutating func shift() {
        for entry in windows.removeLast() { messages[entry.id] = nil }
        windows.insert([], at: 0)
    }

    var count: Int { messages.count }
}

/// Message ids seen recently (delivered, forwarded or rejected), each until its expiry: duplicates are dropped.
struct GossipsubSeenCache {
    private var expiries: [[UInt8]: Date] = [:]
    let ttl: TimeInterval

    init(ttl: TimeInterval) { self.ttl = ttl }

    /// True the first time `id` is seen (and records it).
    mutating func firstSighting(_ id: [UInt8], now: Date) -> Bool {
        if let expiry = expiries[id], expiry > now { return false }
        expiries[id] = now.addingTimeInterval(ttl)
        return true
    }

    func contains(_ id: [UInt8], now: Date) -> Bool { (expiries[id].map { $0 > now }) ?? false }

    mutating func prune(now: Date) { expiries = expiries.filter { $0.value > now } }

    var count: Int { expiries.count }
}
