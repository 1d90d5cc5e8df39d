/// Waku seam (ARCHITECTURE §3): where accepted envelopes go — the store archives them, the receive
/// plugin delivers them to local subscribers.
///
/// Whoever accepts envelopes (the relay for peers' envelopes, the send plugin for local ones, the
/// history client for store replies) runs `EnvelopeAcceptance` and deduplication first, then hands
/// each new envelope to every sink exactly once.
public protocol EnvelopeSink: Sendable {
    /// Takes one accepted, deduplicated envelope.
    ///
    /// Returning means the sink is done with it (for the store: durably archived). Throwing reports a
    /// local failure (e.g. the archive cannot write); it is counted and logged, never blamed on a peer.
    func accept(_ envelope: Envelope, origin: EnvelopeOrigin) async throws
}
