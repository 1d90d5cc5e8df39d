import Foundation
import Kernel
import Libp2pCore
import Primitives

/// A `/rendezvous/1.0.0` rendezvous point's registrations: per namespace, one per peer id, in arrival order so
/// a cookie (the 8-byte big-endian sequence number of the last registration returned) pages through them.
/// Bounded like the `/rend/0.1.0` registry: `maximumRecords` in all, `maximumRegistrationsPerPeer` per peer.
public actor RendezvousV1Registry {
    struct Entry {
        var registration: RendezvousV1Registration
        var expires: Date
        var sequence: UInt64
    }

    let clock: any NodeClock
    let maximumRecords: Int
    let maximumRegistrationsPerPeer: Int
    /// Discover limit when the request gives 0, and the most returned at once.
    public static let defaultLimit: UInt64 = 100
    public static let maximumLimit: UInt64 = 1000
    private var namespaces: [String: [PeerID: Entry]] = [:]
    private var nextSequence: UInt64 = 1
    private var count = 0

    public init(clock: any NodeClock, maximumRecords: Int = 10_000, maximumRegistrationsPerPeer: Int = 16) {
        self.clock = clock
        self.maximumRecords = maximumRecords
        self.maximumRegistrationsPerPeer = maximumRegistrationsPerPeer
    }

    public var recordCount: Int { sweep(); return count }

    /// Stores `registration` for the authenticated `peer`; returns the status and the TTL granted.
    public func register(_ registration: RendezvousV1Registration, from peer: PeerID) -> (RendezvousV1Status, UInt64) {
        let ns = registration.namespace
        guard !ns.isEmpty, ns.utf8.count <= RendezvousV1Message.maximumNamespace else { return (.invalidNamespace, 0) }
        let ttl = registration.ttl == 0 ? RendezvousV1Message.defaultTTL : registration.ttl
        guard ttl <= RendezvousV1Message.maximumTTL else { return (.invalidTTL, 0) }
        switch RendezvousV1PeerCheck.check(registration.peer, connectedPeer: peer) {
        case .ok: break
        case .invalid: return (.invalidSignedPeerRecord, 0)
        case .notTheSender: return (.notAuthorized, 0)
        }
        sweep()
        let isNew = namespaces[ns]?[peer] == nil
        if isNew {
            let held = namespaces.values.reduce(0) { $0 + ($1[peer] == nil ? 0 : 1) }
            guard held < maximumRegistrationsPerPeer else { return (.notAuthorized, 0) }
            guard count < maximumRecords else { return (.unavailable, 0) }
            count += 1
        }
        var stored = registration
        stored.ttl = ttl
        namespaces[ns, default: [:]][peer] = Entry(registration: stored, expires: clock.now().addingTimeInterval(Double(ttl)),
                                                   sequence: nextSequence)
        nextSequence += 1
        return (.ok, ttl)
    }

    public func unregister(namespace: String, peer: PeerID) {
        if namespaces[namespace]?.removeValue(forKey: peer) != nil { count -= 1 }
    }

    /// Registrations in `namespace` ("" = all) after `cookie`, oldest first, with the cookie for the next page.
    public func discover(namespace: String, limit: UInt64, cookie: [UInt8]) -> (RendezvousV1Status, [RendezvousV1Registration], [UInt8]) {
        guard namespace.utf8.count <= RendezvousV1Message.maximumNamespace else { return (.invalidNamespace, [], []) }
        var after: UInt64 = 0
        if !cookie.isEmpty {
            guard cookie.count == 8 else { return (.invalidCookie, [], []) }
            after = cookie.reduce(0) { $0 << 8 | UInt64($1) }
        }
        sweep()
        let wanted = Int(min(limit == 0 ? Self.defaultLimit : limit, Self.maximumLimit))
        let pool = namespace.isEmpty ? namespaces.values.flatMap(\.values) : Array((namespaces[namespace] ?? [:]).values)
        let page = pool.filter { $0.sequence > after }.sorted { $0.sequence < $1.sequence }.prefix(wanted)
        let now = clock.now()
        let last = page.last?.sequence ?? after
        let next = (0..<8).map { UInt8(truncatingIfNeeded: last >> (56 - 8 * UInt64($0))) }
        return (.ok, page.map {
            var r = $0.registration
            r.ttl = UInt64(max(0, $0.expires.timeIntervalSince(now)))
            return r
        }, next)
    }

    private func sweep() {
        let now = clock.now()
        for (ns, entries) in namespaces {
            let live = entries.filter { $0.value.expires > now }
            count -= entries.count - live.count
            namespaces[ns] = live.isEmpty ? nil : live
        }
    }
}

/// Whether a registration's peer is the authenticated sender: py-libp2p's `PeerInfo` id must be the
/// connection's peer id; a signed peer record must open (RFC 0002 envelope, domain `libp2p-peer-record`, payload
/// type 0301, record peer id = signer) under a key whose peer id is the sender, and carry at least one address.
enum RendezvousV1PeerCheck {
    enum Outcome: Equatable { case ok, invalid(String), notTheSender }

    static func check(_ peer: RendezvousV1Registration.Peer, connectedPeer: PeerID) -> Outcome {
        switch peer {
        case .info(let id, let addresses):
            guard !id.isEmpty, !addresses.isEmpty, addresses.allSatisfy({ (try? Multiaddr(bytes: $0)) != nil }) else {
                return .invalid("PeerInfo needs an id and multiaddrs")
            }
            return id == connectedPeer.bytes ? .ok : .notTheSender
        case .signedRecord(let envelope):
            let opened: SignedPeerRecord
            do { opened = try SignedPeerRecord(verifying: envelope) } catch { return .invalid(error.description) }
            guard !opened.addresses.isEmpty else { return .invalid("the signed peer record has no addresses Parley can read") }
            return opened.peerID.bytes == connectedPeer.bytes ? .ok : .notTheSender
        }
    }
}
