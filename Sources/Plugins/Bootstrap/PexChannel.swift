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
