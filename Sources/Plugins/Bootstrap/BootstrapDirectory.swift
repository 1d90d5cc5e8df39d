import Kernel

/// The `bootstrap` node's directory: peers that announced a dialable port, for as long as they stay
/// connected. Bounded (`capacity`); when full, new announcers are simply not listed.
///
/// Entries belong to the pex session that announced them, so a replaced connection never removes
/// the entry its successor made.
public actor BootstrapDirectory {
    /// One listed peer: its id, the scheme of the transport it announced on, and its entry.
    public struct Listing: Sendable, Equatable {
        public let peer: PeerID
        public let scheme: String
        public let entry: PexPeerEntry
        let session: UInt64

        public var address: PeerAddress { entry.address(scheme: scheme) }
    }

    public let capacity: Int
    private var listings: [Listing] = []
    private var positions: [PeerID: Int] = [:]
    private var nextSession: UInt64 = 0

    public init(capacity: Int = 1000) { self.capacity = max(1, capacity) }

    public var count: Int { listings.count }
    public var addresses: [PeerAddress] { listings.map(\.address) }

    /// A fresh token for one pex session.
    func openSession() -> UInt64 {
        nextSession &+= 1
        return nextSession
    }

    /// Lists (or re-lists, or unlists if `entry` is nil) the peer of `session`. Returns whether it is listed.
    @discardableResult
    func update(_ peer: PeerID, scheme: String, entry: PexPeerEntry?, session: UInt64) -> Bool {
        guard let entry else {
            if let position = positions[peer], listings[position].session == session { removeListing(at: position) }
            return false
        }
        let listing = Listing(peer: peer, scheme: scheme, entry: entry, session: session)
        if let position = positions[peer] {
            listings[position] = listing
            return true
        }
        guard listings.count < capacity else { return false }
        positions[peer] = listings.count
        listings.append(listing)
        return true
    }

    /// Removes whatever `session` listed (its connection ended).
    func closeSession(_ peer: PeerID, session: UInt64) {
        update(peer, scheme: "", entry: nil, session: session)
    }

    /// Up to `limit` entries reachable over `scheme`, never `asker`, starting at a random place so
    /// successive askers see different parts of a large directory.
    func answer(limit: Int, scheme: String, excluding asker: PeerID) -> [PexPeerEntry] {
        guard limit > 0, !listings.isEmpty else { return [] }
        let start = Int.random(in: 0..<listings.count)
        var picked: [PexPeerEntry] = []
        for step in 0..<listings.count where picked.count < limit {
            let listing = listings[(start + step) % listings.count]
            if listing.scheme == scheme && listing.peer != asker { picked.append(listing.entry) }
        }
        return picked
    }

    private func removeListing(at position: Int) {
        let removed = listings[position]
        positions[removed.peer] = nil
        let last = listings.count - 1
        if position != last {
            listings[position] = listings[last]
            positions[listings[position].peer] = position
        }
        listings.removeLast()
    }
}
