import Foundation
import Kernel

/// One `pex/1` stream as both roles use it: typed packets, optional traffic accounting, the
/// Announce exchange with its timeout, and how a misbehaving peer is dealt with.
struct PexChannel: Sendable {
    let stream: any ProtocolStream
    /// Where the client role records its bytes (the `bootstrap-peers` discovery source counter).
    let counter: TrafficCounter?

    func send(_ packet: PexPacket) async throws {
        let framed = packet.framed
        try await stream.send(framed)
        counter?.recordOut(bytes: framed.payload.count)
    }

    /// The next packet, `nil` when the stream ended; throws `PexError` for a packet that breaks the rules.
    func receive() async throws -> PexPacket? {
        guard let message = try await stream.receive() else { return nil }
        counter?.recordIn(bytes: message.payload.count)
        return try PexPacket(decoding: message)
    }

    /// Sends our Announce and waits up to `timeout` for the peer's, which must be its first packet.
    /// Returns `nil` if the stream ended first.
    func handshake(_ ours: PexAnnounce, timeout: Duration, clock: any NodeClock) async throws -> PexAnnounce? {
        try await send(.announce(ours))
        let first: PexPacket? = try await withThrowingTaskGroup(of: PexPacket?.self) { group in
            group.addTask { try await receive() }
            group.addTask {
                try await clock.sleep(for: timeout)
                throw PexError.announceTimedOut(seconds: timeout.seconds)
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let first else { return nil }
        guard case .announce(let theirs) = first else { throw PexError.firstPacketNotAnnounce(code: first.code.rawValue) }
        return theirs
    }

    /// Penalises the peer and, for errors that end the session, closes the connection with the reason.
    func punish(_ error: PexError, _ peer: PeerSession) async {
        await peer.penalize(error.penalty)
        if error.endsConnection {
            await peer.connection.close(DisconnectReason.subprotocolError.with(detail: error.description))
        }
    }
}

/// Which port a node announces, and which address a directory records for an announcer.
enum PexAddressing {
    /// The port of this node's listen address on `scheme` (the transport of the connection being
    /// announced on); `PexCapability.portlessDialable` for memory endpoints; 0 if not listening there.
    static func announcedPort(scheme: String, listening: [PeerAddress]) -> UInt16 {
        guard let address = listening.first(where: { $0.scheme == scheme }) else { return 0 }
        return scheme == "memory" ? PexCapability.portlessDialable : address.port
    }

    /// The announcer's entry: the connection's remote host, the announced port and the
    /// authenticated peer id. `nil` if it is not dialable or its id is not a 64-byte devp2p key.
    static func entry(for peer: PeerSession, announce: PexAnnounce) -> PexPeerEntry? {
        guard announce.isDialable, peer.peerID.bytes.count == 64, !peer.address.host.isEmpty else { return nil }
        return PexPeerEntry(publicKey: peer.peerID.bytes, host: peer.address.host, port: announce.tcpPort)
    }
}

/// A token bucket for a peer's requests (GetPeers, re-announces): `perSecond` on average, bursts
/// of up to twice that (at least 2, so a client asking on connect and then on a 1 s timer fits).
struct RequestRateLimiter: Sendable {
    let perSecond: Double
    let burst: Double
    private var tokens: Double
    private var last: Date?

    init(perSecond: Double) {
        self.perSecond = perSecond
        self.burst = max(2, perSecond * 2)
        self.tokens = burst
    }

    /// Takes one token if there is one at `now`.
    mutating func admit(at now: Date) -> Bool {
        if let last { tokens = min(burst, tokens + max(0, now.timeIntervalSince(last)) * perSecond) }
        last = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
