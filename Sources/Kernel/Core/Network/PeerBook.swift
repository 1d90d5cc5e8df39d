import Foundation

/// What the node remembers about one peer it has heard of.
public struct PeerBookEntry: Sendable {
    public var address: PeerAddress
    public var source: String
    public var persistent: Bool
    /// Consecutive failed dials (or drops) since the last good connection.
    public var failures: Int = 0
    public var nextDialAllowed: Date = .distantPast
    /// Starts at 0; penalties subtract. At or below `PeerBook.banThreshold` the peer is banned.
    public var score: Int = 0
    public var bannedUntil: Date?
    public var lastReason: String?

    public func isBanned(at now: Date) -> Bool { bannedUntil.map { $0 > now } ?? false }
}

/// The node's memory of peers: where they are, who told us, how dialling them went, and how they
/// behaved. Owned by the `ConnectionManager` (not thread-safe by itself).
public struct PeerBook: Sendable {
    public static let banThreshold = -100
    public var banDuration: Duration = .seconds(600)
    public var backoff: RedialBackoff

    private(set) var entries: [PeerAddress: PeerBookEntry] = [:]
    private var idIndex: [PeerID: PeerAddress] = [:]

    public init(backoff: RedialBackoff = RedialBackoff()) {
        self.backoff = backoff
    }

    public var count: Int { entries.count }
    public var allEntries: [PeerBookEntry] { Array(entries.values) }

    public func entry(for address: PeerAddress) -> PeerBookEntry? { entries[address] }

    public func entry(for peer: PeerID) -> PeerBookEntry? { idIndex[peer].flatMap { entries[$0] } }

    /// Adds a record from discovery; an existing entry keeps its history (persistence only grows).
    public mutating func add(_ record: PeerRecord) {
        if var existing = entries[record.address] {
            existing.persistent = existing.persistent || record.persistent
            entries[record.address] = existing
        } else {
            entries[record.address] = PeerBookEntry(address: record.address, source: record.source,
                                                    persistent: record.persistent)
        }
        if let id = record.address.peerID { idIndex[id] = record.address }
    }

    /// Forgets one address (an operator removed it); returns whether it was known.
    public mutating func remove(_ address: PeerAddress) -> Bool {
        guard entries.removeValue(forKey: address) != nil else { return false }
        if let id = address.peerID, idIndex[id] == address { idIndex[id] = nil }
        return true
    }

    /// Forgets the records one discovery source contributed (it stopped), except connected peers' history.
    public mutating func removeAll(fromSource source: String) {
        for (address, entry) in entries where entry.source == source {
            entries[address] = nil
            if let id = address.peerID, idIndex[id] == address { idIndex[id] = nil }
        }
    }

    public func canDial(_ address: PeerAddress, at now: Date) -> Bool {
        guard let entry = entries[address] else { return true }
        return !entry.isBanned(at: now) && entry.nextDialAllowed <= now
    }

    public mutating func recordDialFailure(_ address: PeerAddress, reason: String, at now: Date) {
        guard var entry = entries[address] else { return }
        entry.failures += 1
        entry.lastReason = reason
        entry.nextDialAllowed = now.addingTimeInterval(backoff.delay(afterFailures: entry.failures).seconds)
        entries[address] = entry
    }

    public mutating func recordConnected(_ address: PeerAddress, peer: PeerID) {
        idIndex[peer] = address
        guard var entry = entries[address] else { return }
        entry.failures = 0
        entry.lastReason = nil
        entries[address] = entry
    }

    /// A connection ended: schedule the redial (persistent peers) after one backoff step.
    public mutating func recordDisconnected(_ peer: PeerID, reason: DisconnectReason, at now: Date) {
        guard let address = idIndex[peer], var entry = entries[address] else { return }
        entry.failures += 1
        entry.lastReason = reason.description
        entry.nextDialAllowed = now.addingTimeInterval(backoff.delay(afterFailures: entry.failures).seconds)
        entries[address] = entry
    }

    /// Applies a penalty; returns the new score and whether the peer is now banned.
    public mutating func penalize(_ peer: PeerID, address: PeerAddress?, _ penalty: PeerPenalty,
                                  at now: Date) -> (score: Int, banned: Bool) {
        let key = idIndex[peer] ?? address
        guard let key else { return (0, false) }
        var entry = entries[key] ?? PeerBookEntry(address: key, source: "inbound", persistent: false)
        entry.score -= penalty.points
        entry.lastReason = penalty.reason
        var banned = false
        if entry.score <= Self.banThreshold {
            entry.bannedUntil = now.addingTimeInterval(banDuration.seconds)
            banned = true
        }
        entries[key] = entry
        idIndex[peer] = key
        return (entry.score, banned)
    }

    public func isBanned(_ peer: PeerID, at now: Date) -> Bool {
        entry(for: peer)?.isBanned(at: now) ?? false
    }
}

extension Duration {
    /// The duration in (fractional) seconds, for `Date` arithmetic.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
